import { raw } from 'hono/html';
import { roundChart } from '../../count/output/chart.ts';
import type { CountJson } from '../../db/ballots/count.ts';

/**
 * The count drawn on the results page: one chart of votes per candidate for a
 * single-round count (block vote), one per round for STV and instant runoff,
 * each with the transfers of that round. The table above carries the same
 * figures and stays the primary record; each chart has a title and a text
 * description.
 */
export function ResultCharts(props: { count: CountJson }) {
  const { rounds, quota } = props.count;
  const names = Object.keys(rounds[0]?.tallies ?? {});
  if (names.length === 0) return null;
  const value = (s: string | undefined) => (s === undefined ? 0 : Number(s)); // for drawing only
  const max = Math.max(...rounds.flatMap((r) => Object.values(r.tallies).map(value)));
  const electedBy = new Map<string, number>();
  for (const r of rounds)
    for (const n of r.elected) if (!electedBy.has(n)) electedBy.set(n, r.round);
  const excludedBy = new Map<string, number>();
  for (const r of rounds)
    for (const n of r.excluded) if (!excludedBy.has(n)) excludedBy.set(n, r.round);
  const stateAt = (name: string, round: number) =>
    (electedBy.get(name) ?? Infinity) <= round
      ? ('elected' as const)
      : (excludedBy.get(name) ?? Infinity) <= round
        ? ('excluded' as const)
        : ('continuing' as const);
  const single = rounds.length === 1;
  return (
    <section aria-labelledby="charts-heading">
      <h2 id="charts-heading">
        {single ? 'Votes per candidate, as a chart' : 'Each round, as a chart'}
      </h2>
      <p class="hint">
        The same figures as the table above.
        {single
          ? ' Green: elected.'
          : ' Dark bars: votes after the round; light: votes transferred in that round; green: elected; grey: excluded.'}
        {quota ? ' The dashed line is the quota.' : ''}
      </p>
      {rounds.map((r) => (
        <figure class="chart">
          {!single && <figcaption>Round {r.round}</figcaption>}
          {raw(
            roundChart({
              id: `round-${r.round}`,
              title: single ? 'Votes per candidate' : `Round ${r.round}`,
              bars: names.map((name) => ({
                name,
                votes: r.tallies[name] ?? '0',
                transfer: r.transfers?.[name],
                state: stateAt(name, r.round),
              })),
              max,
              quota,
            }),
          )}
        </figure>
      ))}
    </section>
  );
}
