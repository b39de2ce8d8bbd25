import { readCsv } from '../../core/csv.ts';
import { Rational } from '../arithmetic/rational.ts';
import { type Ballot, type Election, mergeBallots } from '../election.ts';
import { CountInputError } from '../errors.ts';

/**
 * Ballots as CSV, one ballot per row, the cells naming candidates in order of
 * preference (`Bo Jones=Cy Patel` for an equal preference). A first column
 * headed `weight` gives each row's weight. The header row names the columns;
 * the candidates are every name that appears, in order of first appearance.
 * The file does not say how many seats: `--seats` does (default 1).
 *
 *   weight,1,2,3
 *   12,Anna Smith,Bo Jones,
 *   3,Bo Jones,Anna Smith=Cy Patel,
 */
export function parseBallotsCsv(text: string, file: string): Election {
  // Our own `election export --format csv` neutralises names that begin like a formula.
  const rows = readCsv(text, { restoreNeutralised: true }).filter((r) =>
    r.fields.some((f) => f.trim() !== ''),
  );
  const header = rows[0];
  if (!header) throw new CountInputError('the file is empty: expected a header row', file, 1);
  const weighted = header.fields[0]?.trim().toLowerCase() === 'weight';
  const names: string[] = [];
  const index = new Map<string, number>();
  const ballots: Ballot[] = [];
  for (const row of rows.slice(1)) {
    const weightText = weighted ? (row.fields[0] ?? '').trim() : '1';
    const weight = Rational.parseDecimal(weightText);
    if (!weight || weight.n < 0n)
      throw new CountInputError(`${JSON.stringify(weightText)} is not a weight`, file, row.line);
    const seen = new Set<number>();
    const ranking: number[][] = [];
    for (const cell of row.fields.slice(weighted ? 1 : 0)) {
      if (cell.trim() === '') continue;
      const group: number[] = [];
      for (const part of cell.split('=')) {
        const name = part.trim().replace(/\s+/g, ' ');
        if (name === '')
          throw new CountInputError(`an empty name in ${JSON.stringify(cell)}`, file, row.line);
        let c = index.get(name);
        if (c === undefined) {
          c = names.length;
          names.push(name);
          index.set(name, c);
        }
        if (!seen.has(c)) {
          seen.add(c);
          group.push(c);
        }
      }
      if (group.length > 0) ranking.push(group);
    }
    if (!weight.isZero()) ballots.push({ weight, ranking });
  }
  return {
    title: '',
    seats: 1,
    candidates: names.map((name) => ({ name, groups: [], withdrawn: false })),
    ballots: mergeBallots(ballots),
  };
}
