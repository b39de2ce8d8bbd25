import { electionMethods, findEntry } from '../../count/method-catalogue.ts';
import type { NominationRule } from './nomination-rules.ts';

/** An election's settings as the organisation sets them (DOMAIN.md, "Rules a system must be able to express"). */
export interface ElectionSettings {
  title: string;
  body: string;
  seats: number;
  /** A counting method the catalogue offers for elections (src/count/method-catalogue.ts), e.g. `block-vote`, `fractional-droop`, `irv`. */
  method: string;
  minimums: { group: string; min: number }[];
  joinedBy: string | null;
  paidUpBy: string | null;
  candidateMinMembershipDays: number | null;
  nominationRule: NominationRule | null;
  branchNominationLimit: number | null;
  nominationsOpenAt: Date | null;
  nominationsCloseAt: Date | null;
  ballotOpenAt: Date | null;
  ballotCloseAt: Date | null;
  online: boolean;
  postal: boolean;
  postalWins: boolean;
  allowRevoting: boolean;
  /**
   * `verifiable`: Belenios ballots encrypted in the member's browser, counted
   * without decrypting anyone's vote (issue 6); online only. Default `plain`.
   */
  ballotBox?: 'plain' | 'verifiable';
  /** The Belenios group of a verifiable ballot box: `Ed25519` (default), `RFC-3526-2048`, `BELENIOS-2048`. */
  cryptoGroup?: string | null;
  /**
   * Threshold trustees (spec 2.0 §3.1.1): how many of the verifiable ballot
   * box's trustees must take part in decryption, when fewer than all of them.
   * Null or absent: every trustee, each with a key of their own.
   */
  trusteeThreshold?: number | null;
}

/**
 * The running example's settings (DOMAIN.md): three seats by block vote, 5
 * branch nominations, members who joined 60 days before and are paid up at the
 * close of nominations, online with postal ballots for members without email.
 * `today` anchors the timeline.
 */
export function runningExampleSettings(today: string): ElectionSettings {
  const day = (offset: number, time = '12:00:00') =>
    new Date(
      `${new Date(Date.parse(`${today}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10)}T${time}Z`,
    );
  return {
    title: 'National Executive Committee: constituency section by-election',
    body: 'National Executive Committee',
    seats: 3,
    method: 'block-vote',
    minimums: [],
    joinedBy: day(-60).toISOString().slice(0, 10),
    paidUpBy: day(14).toISOString().slice(0, 10),
    candidateMinMembershipDays: 365,
    nominationRule: { branches: 5 },
    branchNominationLimit: null,
    nominationsOpenAt: day(-7, '09:00:00'),
    nominationsCloseAt: day(14, '17:00:00'),
    ballotOpenAt: day(25, '09:00:00'),
    ballotCloseAt: day(68),
    online: true,
    postal: true,
    postalWins: true,
    allowRevoting: false,
  };
}

/**
 * What is wrong with an election's counting method for its seats and minimum
 * for women, by form field: a method the catalogue offers for elections, one
 * that fills as many seats, and one that can apply a minimum (the others would
 * count as if there were none).
 */
export function methodProblems(
  method: string | undefined,
  seats: number,
  minimum: number | null,
): { field: 'method' | 'seats' | 'minimum'; message: string }[] {
  const entry = method === undefined ? undefined : findEntry(method);
  if (!entry?.election) return [{ field: 'method', message: 'Choose how votes are counted' }];
  const problems: { field: 'method' | 'seats' | 'minimum'; message: string }[] = [];
  if (entry.seats === 'one' && seats > 1)
    problems.push({
      field: 'seats',
      message: `${entry.election.name} fills one seat; choose STV for more`,
    });
  if (minimum !== null && !entry.minimums) {
    const lowerFirst = (name: string) => name[0]!.toLowerCase() + name.slice(1);
    const able = [
      ...new Set(
        electionMethods()
          .filter((m) => m.minimums)
          .map((m) => lowerFirst(m.election!.name)),
      ),
    ];
    problems.push({
      field: 'minimum',
      message: `${entry.election.name} cannot apply a minimum for women; count by ${able.slice(0, -1).join(', ')} or ${able.at(-1)}`,
    });
  }
  return problems;
}
