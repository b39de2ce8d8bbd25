import { isMarking } from '../../count/method-catalogue.ts';
import type { CountReport } from '../../count/report.ts';

const ordinals = [
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
  'eleventh',
  'twelfth',
  'thirteenth',
  'fourteenth',
];

/**
 * One plain sentence for the results page, as a party would announce it:
 * "Dar topped the ballot, followed by Lansman and Garnham; Izzard was fourth."
 * Surnames are used when they tell the candidates apart.
 */
export function summarise(report: CountReport): string {
  const names = shortNames(report.candidates.map((c) => c.name));
  const elected = report.elected.map((c) => names[c]!);
  if (elected.length === 0) return 'No one was elected.';
  const last = report.rounds.at(-1);
  const votes = (c: number) => Number.parseFloat(last?.tallies[c] ?? '0');
  const runnerUp = report.candidates
    .map((c, i) => ({ i, c }))
    .filter(({ i, c }) => !c.withdrawn && !report.elected.includes(i))
    .sort((a, b) => votes(b.i) - votes(a.i))[0];
  const ranked = !isMarking(report.method);
  const first = ranked ? `${elected[0]} was elected first` : `${elected[0]} topped the ballot`;
  const rest = elected.slice(1);
  let sentence = rest.length === 0 ? first : `${first}, followed by ${list(rest)}`;
  if (runnerUp && !ranked && votes(runnerUp.i) > 0) {
    sentence += `; ${names[runnerUp.i]} was ${ordinals[elected.length] ?? `number ${elected.length + 1}`}`;
  }
  return `${sentence}.`;
}

function list(items: string[]): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** Surnames where no two candidates share one, else full names. */
function shortNames(full: string[]): string[] {
  const surnames = full.map((n) => n.split(' ').at(-1)!);
  return full.map((n, i) =>
    surnames.filter((s) => s === surnames[i]).length === 1 ? surnames[i]! : n,
  );
}
