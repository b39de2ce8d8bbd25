import { readCsv } from '../../core/csv.ts';
import { CountInputError } from '../errors.ts';
import type { RctabSource } from './config.ts';
import { type CandidateNames, type CastVoteRecord, candidate } from './cvr.ts';

type Add = (key: string, read: () => CastVoteRecord) => void;

/** Builds a record from (rank, candidate) marks. */
function record(marks: readonly [number, string][]): CastVoteRecord {
  const byRank = new Map<number, string[]>();
  for (const [rank, who] of marks) {
    const at = byRank.get(rank) ?? [];
    if (!at.includes(who)) at.push(who);
    byRank.set(rank, at);
  }
  return {
    rankings: [...byRank].sort((a, b) => a[0] - b[0]).map(([rank, choices]) => ({ rank, choices })),
  };
}

/**
 * Hart: a folder of XML files, one cast vote record each. In the contest
 * whose <Id> is the config's contestId, each <Option> is a candidate (its <Id>
 * matched against the config's aliases) and its <Value> a string of 0s and 1s
 * with a 1 at the position of each rank marked.
 */
export function readHart(
  files: readonly { name: string; text: string }[],
  source: RctabSource,
  names: CandidateNames,
  add: Add,
): void {
  for (const { name, text } of files) {
    if (!name.toLowerCase().endsWith('.xml')) continue;
    for (const contest of text.matchAll(/<Contest>([\s\S]*?)<\/Contest>/g)) {
      const body = contest[1]!;
      if (
        /<Id>([^<]*)<\/Id>/.exec(body.replace(/<Options>[\s\S]*<\/Options>/, ''))?.[1] !==
        source.contestId
      )
        continue;
      const marks: [number, string][] = [];
      for (const option of body.matchAll(/<Option>([\s\S]*?)<\/Option>/g)) {
        const id = /<Id>([^<]*)<\/Id>/.exec(option[1]!)?.[1];
        const value = /<Value>([^<]*)<\/Value>/.exec(option[1]!)?.[1] ?? '';
        if (id === undefined) continue;
        [...value].forEach((bit, k) => {
          if (bit === '1') marks.push([k + 1, id]);
        });
      }
      const key = `hart\u0001${marks.map(([r, id]) => `${r}:${id}`).join(' ')}`;
      add(key, () =>
        record(
          marks.map(([r, id]) => [
            r,
            candidate(id, source, names, `${source.filePath}/${name}`, 0),
          ]),
        ),
      );
    }
  }
}

/**
 * Clear Ballot: a CSV whose vote columns are headed
 * `Choice_ID_N:CONTEST:RANK:VOTE FOR:CANDIDATE:PARTY`, with 1 where the
 * ballot marks that candidate at that rank. A contest name written across two
 * lines in the header stands for one with a comma (`City of Portland, Auditor`).
 */
export function readClearBallot(
  text: string,
  file: string,
  source: RctabSource,
  names: CandidateNames,
  add: Add,
): void {
  const rows = readCsv(text);
  const header = rows[0];
  if (!header) throw new CountInputError('the file is empty', file, 1);
  const columns = header.fields.map((h) => {
    const parts = h.split(':');
    if (parts.length < 6 || !parts[0]!.startsWith('Choice_')) return undefined;
    const contest = parts
      .slice(1, -4)
      .join(':')
      .replace(/\s*\r?\n\s*/g, ', ');
    if (contest !== source.contestId) return undefined;
    return {
      rank: Number(parts[parts.length - 4]),
      name: parts[parts.length - 2]!.replace(/\s*\r?\n\s*/g, ', '),
    };
  });
  for (const row of rows.slice(1)) {
    const marks: [number, string][] = [];
    row.fields.forEach((cell, k) => {
      const column = columns[k];
      if (column && cell.trim() === '1') marks.push([column.rank, column.name]);
    });
    add(`clear\u0001${marks.map(([r, n]) => `${r}:${n}`).join('\u0002')}`, () =>
      record(marks.map(([r, n]) => [r, candidate(n, source, names, file, row.line)])),
    );
  }
}
