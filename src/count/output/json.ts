import type { CountReport, RoundAction } from '../report.ts';

/**
 * The JSON report: the command line contract of issue 4. `elected` lists names
 * in order of election; `rounds[i].tallies` maps each candidate's name to their
 * votes at round i + 1 as a decimal string exact to the method's precision.
 * Withdrawn candidates are not in the tallies: they were never counted.
 */
export function toJson(report: CountReport): unknown {
  const name = (c: number) => report.candidates[c]!.name;
  const byName = (values: readonly string[]) =>
    Object.fromEntries(
      report.candidates.flatMap((c, i) => (c.withdrawn ? [] : [[c.name, values[i]!]])),
    );
  return {
    method: report.method,
    title: report.title,
    seats: report.seats,
    arithmetic: report.arithmetic,
    valid: report.valid,
    invalid: report.invalid,
    ...(report.quota === undefined ? {} : { quota: report.quota }),
    seed: report.seed,
    candidates: report.candidates,
    elected: report.elected.map(name),
    rounds: report.rounds.map((r) => ({
      round: r.round,
      action: action(r.action, name),
      ...(r.quota === undefined ? {} : { quota: r.quota }),
      tallies: byName(r.tallies),
      ...(r.transfers ? { transfers: byName(r.transfers) } : {}),
      exhausted: r.exhausted,
      elected: r.elected.map(name),
      excluded: r.excluded.map(name),
      notes: r.notes,
      ...(r.exact
        ? {
            exact: {
              tallies: byName(r.exact.tallies),
              exhausted: r.exact.exhausted,
              quota: r.exact.quota,
            },
          }
        : {}),
    })),
    tieBreaks: report.tieBreaks.map((t) => ({
      ...t,
      tied: t.tied.map(name),
      chosen: name(t.chosen),
    })),
    ...(report.pairwise
      ? { pairwise: Object.fromEntries(report.pairwise.map((row, a) => [name(a), byName(row)])) }
      : {}),
    notes: report.notes,
  };
}

function action(a: RoundAction, name: (c: number) => string): Record<string, unknown> {
  switch (a.kind) {
    case 'surplus':
      return {
        kind: a.kind,
        candidate: name(a.candidate),
        ...(a.transferValue ? { transferValue: a.transferValue } : {}),
      };
    case 'exclusion':
      return { kind: a.kind, candidates: a.candidates.map(name) };
    case 'substitution':
      return { kind: a.kind, removed: name(a.removed), added: name(a.added), group: a.group };
    default:
      return { kind: a.kind };
  }
}
