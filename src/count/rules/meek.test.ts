import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fixedPoint } from '../arithmetic/arithmetic.ts';
import { parseBlt } from '../formats/blt.ts';
import { droopMeek, type MeekEvent, type MeekRounding, meekCount, prfMeek } from './meek.ts';

/**
 * stv-rs's Meek transcripts (test/fixtures/stv-rs, "meant to match Droop's
 * meek rule"): every election and defeat in the same order, and at each one
 * the quota and the votes of every elected and hopeful candidate to 9 decimal
 * places. Ties the rule leaves open go by the file's [tie] order, else ballot
 * order, as stv-rs and Droop break them.
 */
const dir = new URL('../test/fixtures/stv-rs/', import.meta.url);
const f = fixedPoint(9);

interface LoggedEvent {
  action: string;
  name: string;
  quota: string;
  votes: Record<string, string>;
}

/** Reads `Action: Elect: X` / `Defeat (...): X` / `... remaining: X` and the state printed after each. */
function readLog(text: string): LoggedEvent[] {
  const events: LoggedEvent[] = [];
  let current: LoggedEvent | undefined;
  for (const line of text.split('\n')) {
    const action =
      /^Action: (Elect|Defeat|Elect remaining|Defeat remaining)(?: \([^)]*\))?: (.*)$/.exec(line);
    if (action) {
      current = { action: action[1]!.toLowerCase(), name: action[2]!, quota: '', votes: {} };
      events.push(current);
      continue;
    }
    if (line.startsWith('Action:') || line.startsWith('Round')) current = undefined;
    const state = /^\t(?:Elected|Hopeful): +(.*) \((\d+\.\d+)\)$/.exec(line);
    if (current && state) current.votes[state[1]!] = state[2]!;
    const quota = /^\tQuota: (\d+\.\d+)$/.exec(line);
    if (current && quota) current.quota = quota[1]!;
  }
  return events;
}

/** Checks our events against a transcript's, in order, with the figures at each. */
function compare(
  name: string,
  dirUrl: URL,
  bltFile: string,
  expected: LoggedEvent[],
  rounding: MeekRounding,
): void {
  const election = parseBlt(readFileSync(new URL(bltFile, dirUrl), 'utf8'), bltFile);
  const tieOrder = election.tieOrder
    ? [...election.tieOrder]
    : election.candidates.map((_, i) => i);
  const { events } = meekCount(election, { seed: '0', tieOrder }, rounding);
  const ours = events.filter(
    (e): e is MeekEvent & { candidate: number } => e.candidate !== undefined,
  );
  const who = (c: number) => election.candidates[c]!.name;
  // Candidates elected at the same moment: Droop lists them in ballot order, we by
  // votes; so each run of elections with the same figures is compared as a set.
  const moments = (list: { action: string; name: string; at: string }[]) => {
    const out: string[] = [];
    let run: string[] = [];
    list.forEach((e, k) => {
      run.push(`${e.action}: ${e.name}`);
      const next = list[k + 1];
      if (!next || next.at !== e.at || next.action !== 'elect' || e.action !== 'elect') {
        out.push(run.sort().join(' + '));
        run = [];
      }
    });
    return out;
  };
  assert.deepEqual(
    moments(
      ours.map((e) => ({
        action: e.action,
        name: who(e.candidate),
        at: `${e.quota} ${e.votes.join(' ')}`,
      })),
    ),
    moments(
      expected.map((e) => ({
        action: e.action,
        name: e.name.trim(),
        at: `${e.quota} ${JSON.stringify(Object.entries(e.votes).sort())}`,
      })),
    ),
    name,
  );
  const position = (e: { action: string; name: string }) => `${e.action}: ${e.name.trim()}`;
  const byEvent = new Map(
    ours.map((e) => [position({ action: e.action, name: who(e.candidate) }), e]),
  );
  expected.forEach((e) => {
    const event = byEvent.get(position(e))!;
    assert.equal(f.format(event.quota), e.quota, `quota at ${e.action} ${e.name}`);
    for (const [candidate, votes] of Object.entries(e.votes)) {
      const c = election.candidates.findIndex((x) => x.name === candidate.trim());
      assert.equal(f.format(event.votes[c]!), votes, `${candidate} at ${e.action} ${e.name}`);
    }
  });
}

describe("meek-prf matches Droop's PR Foundation Meek reference counts", () => {
  const droop = new URL('../test/fixtures/droop/', import.meta.url);
  const suffix = '-meek-prf-o6-fixed-p9-d9.json';
  const files = readdirSync(new URL('expected/', droop)).filter((x) => x.endsWith(suffix));
  for (const file of files) {
    test(file.slice(0, -suffix.length), () => {
      const expected = JSON.parse(readFileSync(new URL(`expected/${file}`, droop), 'utf8'));
      compare(file, droop, `blt/${expected.blt}`, expected.events, prfMeek);
    });
  }
});

describe('meek matches the stv-rs transcripts', () => {
  const cases = readdirSync(dir).filter((x) => x.endsWith('.meek.fixed9.log'));
  test('the suite has its 6 cases', () => assert.equal(cases.length, 6));
  for (const log of cases) {
    const name = log.slice(0, -'.meek.fixed9.log'.length);
    test(name, () => {
      compare(
        name,
        dir,
        `${name}.blt`,
        readLog(readFileSync(new URL(log, dir), 'utf8')),
        droopMeek,
      );
    });
  }
});
