import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parseBlt } from '../formats/blt.ts';
import { supportsMinimums } from '../method-catalogue.ts';
import { findMethod, methods } from '../methods.ts';
import { toJson } from './json.ts';

/**
 * docs/formats.md §1 against the writer: the count report's field table must
 * name exactly the fields `toJson` can emit, and its example must be what
 * `grassroots count --format json` prints for the example's ballot file.
 */

const doc = readFileSync(new URL('../../../docs/formats.md', import.meta.url), 'utf8');

/** The text under `heading` (a whole heading line), up to the next heading of `level` or higher. */
function under(text: string, heading: string, level: number): string {
  const lines = text.split('\n');
  const start = lines.indexOf(heading);
  assert.ok(start >= 0, `docs/formats.md has no heading ${JSON.stringify(heading)}`);
  const end = lines.findIndex((line, i) => i > start && new RegExp(`^#{1,${level}} `).test(line));
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

const countSection = under(doc, '## 1. Count report (JSON)', 2);
const fieldTable = under(countSection, '### Count report fields', 6);

/** The first cell of each row of the field table: `rounds[].action.kind` and so on. */
const documented = new Map(
  fieldTable.split('\n').flatMap((row) => {
    const m = /^\|\s*`([^`]+)`\s*\|(.*)$/.exec(row);
    return m ? [[m[1]!, m[2]!] as const] : [];
  }),
);

/**
 * Every field path in a JSON report: arrays of objects as `name[]`, and an
 * object keyed by candidate names (tallies, transfers, pairwise) as one field.
 */
function fieldPaths(json: unknown, names: ReadonlySet<string>): Set<string> {
  const paths = new Set<string>();
  const walk = (value: unknown, path: string) => {
    if (path !== '' && !path.endsWith('[]')) paths.add(path);
    if (Array.isArray(value)) {
      for (const item of value)
        if (typeof item === 'object' && item !== null && !Array.isArray(item))
          walk(item, `${path}[]`);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const keys = Object.keys(value);
    if (path !== '' && keys.length > 0 && keys.every((k) => names.has(k))) return;
    for (const key of keys)
      walk((value as Record<string, unknown>)[key], path === '' ? key : `${path}.${key}`);
  };
  walk(json, '');
  return paths;
}

function fenced(text: string, info: string): string[] {
  return [...text.matchAll(/^```(\w*)\n([\s\S]*?)\n```$/gm)]
    .filter((m) => m[1] === info)
    .map((m) => m[2]!);
}

const example = fenced(countSection, 'blt')[0];

/** Ballots that need exclusions, ties settled by lot and, with a minimum, a substitution. */
const fixture = `5 2
4 1 2 0
4 2 1 0
3 3 4 0
2 4 3 0
1 5 0
0
"Ann" women
"Bo"
"Cy" women
"Di"
"Ed"
"Fixture"
`;

describe('docs/formats.md, the count report', () => {
  test('documents every field the JSON writer emits, and no other', () => {
    assert.ok(example, 'the count report section has no ```blt example');
    const emitted = new Map<string, Set<string>>();
    const kinds = new Set<string>();
    const by = new Set<string>();
    for (const text of [example, fixture]) {
      const election = parseBlt(text);
      for (const method of methods) {
        const runs = supportsMinimums(method.name) ? [[], [{ group: 'women', min: 2 }]] : [[]];
        for (const minimums of runs) {
          const report = method.count(election, { seed: 'formats', minimums });
          const json = toJson(report) as {
            rounds: { action: { kind: string } }[];
            tieBreaks: { by: string }[];
          };
          for (const path of fieldPaths(json, new Set(report.candidates.map((c) => c.name)))) {
            if (!emitted.has(path)) emitted.set(path, new Set());
            emitted.get(path)!.add(method.name);
          }
          for (const r of json.rounds) kinds.add(r.action.kind);
          for (const t of json.tieBreaks) by.add(t.by.replace(/^stage \d+$/, 'stage N'));
        }
      }
    }
    const undocumented = [...emitted.keys()].filter((p) => !documented.has(p));
    assert.deepEqual(
      undocumented,
      [],
      `fields the writer emits but docs/formats.md's "Count report fields" table lacks: ${undocumented.join(', ')}`,
    );
    const unseen = [...documented.keys()].filter((p) => !emitted.has(p));
    assert.deepEqual(
      unseen,
      [],
      `fields docs/formats.md documents but no method emitted: ${unseen.join(', ')}`,
    );
    for (const kind of kinds)
      assert.match(
        documented.get('rounds[].action.kind')!,
        new RegExp(`\`${kind}\``),
        `action kind ${kind} is not documented`,
      );
    for (const way of by)
      assert.match(
        documented.get('tieBreaks[].by')!,
        new RegExp(`\`${way}\``),
        `tie-break way ${way} is not documented`,
      );
  });

  test('its example is what the writer prints for the example ballot file', () => {
    const command = fenced(countSection, 'sh').find((c) => c.includes('grassroots count'));
    assert.ok(command, 'the count report section has no ```sh block running grassroots count');
    const option = (name: string) => new RegExp(`--${name} (\\S+)`).exec(command)?.[1];
    const method = findMethod(option('method') ?? '');
    assert.ok(method, `unknown --method in ${command}`);
    const printed = fenced(countSection, 'json')[0];
    assert.ok(printed !== undefined, 'the count report section has no ```json example');
    const report = method.count(parseBlt(example!), { seed: option('seed') ?? '' });
    assert.equal(
      `${printed}\n`,
      `${JSON.stringify(toJson(report), null, 2)}\n`,
      'the example in docs/formats.md (actual) is not what the writer prints (expected)',
    );
  });
});
