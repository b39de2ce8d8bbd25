import { writeCsv } from '../../core/csv.ts';
import type { CountReport } from '../report.ts';
import { describeAction } from './text.ts';

/**
 * One row per round: round, what happened, each candidate's votes, exhausted,
 * who was elected and excluded. Written by the one CSV writer (src/core/csv.ts):
 * RFC 4180, and a candidate's name that begins like a formula is neutralised,
 * while the figures (decimal strings, negative ones too) stay numbers.
 */
export function toCsv(report: CountReport): string {
  const counted = report.candidates.flatMap((c, i) => (c.withdrawn ? [] : [i]));
  const name = (c: number) => report.candidates[c]!.name;
  const rows: string[][] = [
    ['round', 'action', ...counted.map(name), 'exhausted', 'elected', 'excluded'],
  ];
  for (const r of report.rounds) {
    rows.push([
      String(r.round),
      describeAction(report, r.action),
      ...counted.map((c) => r.tallies[c]!),
      r.exhausted,
      r.elected.map(name).join('; '),
      r.excluded.map(name).join('; '),
    ]);
  }
  return writeCsv(rows);
}
