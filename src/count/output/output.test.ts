import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseBlt } from '../formats/blt.ts';
import { countFractionalDroop } from '../rules/fractional-droop.ts';
import { countSchulze } from '../rules/schulze.ts';
import { toCsv } from './csv.ts';
import { toHtml } from './html.ts';
import { toJson } from './json.ts';
import { toText } from './text.ts';

const election = parseBlt(
  '3 1\n-3\n4 1 2 0\n3 2 0\n2 2 1 0\n0\n"Ann <A> & co"\n"Bo, \\"B\\""\n"Cy"\n"Title"\n',
);
const report = countFractionalDroop(election, { seed: 'seed-1' });

describe('report formats', () => {
  test('JSON keys tallies by name and leaves withdrawn candidates out', () => {
    const json = toJson(report) as {
      elected: string[];
      rounds: { tallies: Record<string, string> }[];
      seed: string;
    };
    assert.deepEqual(json.elected, ['Bo, "B"']);
    assert.deepEqual(json.rounds[0]?.tallies, { 'Ann <A> & co': '4', 'Bo, "B"': '5' });
    assert.equal(json.seed, 'seed-1');
  });

  test('CSV quotes names with commas and quotes', () => {
    const csv = toCsv(report).split('\r\n');
    assert.equal(csv[0], 'round,action,Ann <A> & co,"Bo, ""B""",exhausted,elected,excluded');
    assert.equal(csv[1], '1,First preferences,4,5,0,"Bo, ""B""",');
  });

  test('CSV neutralises a name that begins like a formula, and its figures stay numbers', () => {
    const formula = countFractionalDroop(
      parseBlt('2 1\n3 1 0\n2 2 0\n0\n"=HYPERLINK(\\"x\\")"\n"-Dee"\n"T"\n'),
      { seed: 's' },
    );
    assert.equal(
      toCsv(formula),
      'round,action,"\'=HYPERLINK(""x"")",\'-Dee,exhausted,elected,excluded\r\n' +
        '1,First preferences,3,2,0,"\'=HYPERLINK(""x"")",\r\n',
    );
  });

  test('text prints the seed and the order of election', () => {
    const text = toText(report);
    assert.match(text, /Seed for any draw by lot: seed-1/);
    assert.match(text, /1\. Bo, "B"/);
    assert.match(text, /Withdrawn: Cy/);
  });

  test('HTML escapes names and draws one chart per round', () => {
    const html = toHtml(report);
    assert.match(html, /Ann &#60;A&#62; &#38; co/);
    assert.doesNotMatch(html, /<A>/);
    assert.equal(html.match(/<svg /g)?.length, report.rounds.length);
    assert.doesNotMatch(html, /<script|https?:\/\//);
  });

  test('JSON and text carry the pairwise matrix of Condorcet methods', () => {
    const r = countSchulze(election, { seed: '1' });
    const json = toJson(r) as { pairwise: Record<string, Record<string, string>> };
    assert.deepEqual(json.pairwise['Ann <A> & co'], { 'Ann <A> & co': '0', 'Bo, "B"': '4' });
    assert.match(toText(r), /Pairwise/);
  });
});
