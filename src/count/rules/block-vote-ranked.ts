import { fixedPoint } from '../arithmetic/arithmetic.ts';
import { Rational } from '../arithmetic/rational.ts';
import type { Election } from '../election.ts';
import { prepareBallots } from '../prepare.ts';
import type { CountOptions, CountReport } from '../report.ts';
import { TieBreaker } from '../tie-break.ts';

/**
 * Block vote read from ranked ballots (stv-rs's "simulated plurality block
 * voting"): each paper votes for its top N preferences, N being the seats. An
 * equal preference that straddles the Nth place shares the votes left equally
 * among its candidates (each share truncated to 9 decimal places). The N
 * candidates with the most votes are elected; equal votes by lot.
 */
const f = fixedPoint(9);

export function countBlockVoteRanked(election: Election, options: CountOptions): CountReport {
  const { ballots, invalid, seats } = prepareBallots(election, options);
  const votes = election.candidates.map(() => 0n);
  let valid = 0n;
  for (const b of ballots) {
    const papers = f.fromRational(b.weight);
    valid += papers;
    let left = seats;
    for (const group of b.ranking) {
      if (left === 0) break;
      if (group.length <= left) {
        for (const c of group) votes[c]! += papers;
        left -= group.length;
      } else {
        const share = f.div(f.fromInt(left), f.fromInt(group.length));
        for (const c of group) votes[c]! += f.mul(papers, share);
        left = 0;
      }
    }
  }
  const ties = new TieBreaker(options.seed, options.tieOrder);
  const left = election.candidates.flatMap((c, i) => (c.withdrawn ? [] : [i]));
  const order: number[] = [];
  while (left.length > 0) {
    const top = left.reduce((b, c) => (votes[c]! > votes[b]! ? c : b));
    const tied = left.filter((c) => votes[c] === votes[top]);
    const pick =
      tied.length > 1 && order.length < seats
        ? ties.draw(tied, 1, 'order of votes')
        : Math.min(...tied);
    order.push(pick);
    left.splice(left.indexOf(pick), 1);
  }
  const elected = order.slice(0, seats);
  return {
    method: 'block-vote-ranked',
    title: election.title,
    seats,
    candidates: election.candidates.map((c) => ({
      name: c.name,
      groups: c.groups,
      withdrawn: c.withdrawn,
    })),
    arithmetic: f.description,
    valid: f.format(valid),
    invalid: f.format(f.fromRational(invalid ?? Rational.ZERO)),
    elected,
    rounds: [
      {
        round: 1,
        action: { kind: 'votes' },
        tallies: votes.map(f.format),
        exhausted: '0',
        elected: [...elected],
        excluded: [],
        notes: [],
      },
    ],
    seed: options.seed,
    tieBreaks: ties.records,
    notes: ['Block vote from rankings: each paper votes for its top N preferences'],
  };
}
