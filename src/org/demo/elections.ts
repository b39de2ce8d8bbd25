import type { ElectionSettings } from '../elections/index.ts';
import { runningExampleSettings } from '../elections/index.ts';
import { mulberry32 } from './random.ts';

/**
 * The demo's two past elections, both closed and declared (issue 5, "Demo"):
 *
 * 1. Like the running example: three seats by block vote, two slates, a few
 *    thousand ballots.
 * 2. Nine candidates for five seats by STV (fractional Droop quota, as the party
 *    has used since 2020) with at least two of the seats for women.
 *
 * Pure and deterministic: who stands, who endorses whom and how each member
 * votes come from the seed. The seeding code casts every ballot through the same
 * use cases members use.
 */
export interface DemoPastElection {
  settings: ElectionSettings;
  /** Candidates as indices into the demo's members; women marked. */
  candidates: number[];
  slates: { name: string; description: string; candidates: number[] }[];
  /** Each voter (member index) and their marks (indices into `candidates`, in order). */
  ballots: { member: number; marks: number[] }[];
  countSeed: string;
}

export function demoPastElections(
  members: { gender: string | null; duesStatus: string; joinedOn: string }[],
  today: string,
  seed: number,
): DemoPastElection[] {
  const random = mulberry32(seed ^ 0x5eed);
  const yearAgo = shift(today, -400);
  const standing = members
    .map((m, i) => ({ ...m, i }))
    .filter((m) => m.duesStatus === 'paid_up' && m.joinedOn < shift(yearAgo, -400) && m.i >= 10);
  const women = standing.filter((m) => m.gender === 'woman').map((m) => m.i);
  const others = standing.filter((m) => m.gender !== 'woman').map((m) => m.i);
  const voters = members
    .map((m, i) => ({ ...m, i }))
    .filter((m) => m.duesStatus !== 'lapsed' && m.joinedOn < shift(yearAgo, -60) && m.i >= 6)
    .map((m) => m.i);

  // 1. Block vote: slate A (3) versus slate B (2) and one independent.
  const blockCandidates = [women[0]!, others[0]!, women[1]!, others[1]!, women[2]!, others[2]!];
  const block: DemoPastElection = {
    settings: {
      ...runningExampleSettings(yearAgo),
      title: 'National Executive Committee: constituency section by-election (last year)',
      postal: true,
    },
    candidates: blockCandidates,
    slates: [
      {
        name: 'Grassroots Alliance',
        description: 'Members first: a party run by its members.',
        candidates: [0, 1, 2],
      },
      {
        name: 'Progress Together',
        description: 'A broad team for the whole party.',
        candidates: [3, 4],
      },
    ],
    ballots: [],
    countSeed: `demo-${seed}-block`,
  };
  for (const member of voters) {
    if (random() > 0.62) continue; // turnout
    const r = random();
    const marks =
      r < 0.52
        ? pickSome(random, [0, 1, 2], 3, [0.95, 0.9, 0.86]).concat(random() < 0.3 ? [5] : [])
        : r < 0.88
          ? pickSome(random, [3, 4, 5], 3, [0.9, 0.85, 0.6])
          : pickSome(random, [0, 1, 2, 3, 4, 5], 3, [0.3, 0.3, 0.3, 0.3, 0.3, 0.5]);
    block.ballots.push({ member, marks: marks.slice(0, 3) });
  }

  // 2. STV: nine candidates for five seats, at least two women.
  const stvCandidates = [
    others[3]!,
    others[4]!,
    others[5]!,
    others[6]!,
    others[7]!,
    women[3]!,
    women[4]!,
    others[8]!,
    women[5]!,
  ];
  const stv: DemoPastElection = {
    settings: {
      ...runningExampleSettings(shift(today, -200)),
      title: 'Conference Arrangements Committee (spring)',
      body: 'Conference Arrangements Committee',
      seats: 5,
      method: 'fractional-droop',
      minimums: [{ group: 'women', min: 2 }],
      nominationRule: { branches: 1 },
    },
    candidates: stvCandidates,
    slates: [],
    ballots: [],
    countSeed: `demo-${seed}-stv`,
  };
  // Popularity makes the women less favoured on first preferences, so the
  // guard has work to do.
  const popularity = [1.0, 0.9, 0.85, 0.7, 0.6, 0.45, 0.4, 0.3, 0.25];
  for (const member of voters) {
    if (random() > 0.55) continue;
    const order = stvCandidates
      .map((_, c) => ({ c, key: popularity[c]! * (0.4 + random()) }))
      .sort((a, b) => b.key - a.key)
      .map((x) => x.c);
    const depth = 1 + Math.floor(random() * 6);
    stv.ballots.push({ member, marks: order.slice(0, depth) });
  }
  return [block, stv];
}

function pickSome(random: () => number, from: number[], most: number, chances: number[]): number[] {
  const picked = from.filter((_, i) => random() < chances[i]!).slice(0, most);
  return picked.length > 0 ? picked : [from[0]!];
}

function shift(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
