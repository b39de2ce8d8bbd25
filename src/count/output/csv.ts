import type { CountReport } from '../report.ts';
import { describeAction } from './text.ts';

/**
 * One row per round: round, what happened, each candidate's votes, exhausted,
 * who was elected and excluded. RFC 4180 quoting, so a spreadsheet opens it.
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
  return `${rows.map((row) => row.map(quote).join(',')).join('\r\n')}\r\n`;
}

function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}
