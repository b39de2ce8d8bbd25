/**
 * The server's acceptance of cast ballots (spec 2.0 §3.2 step 3): the
 * credential must be on the list, the ballot must verify, and the same ballot
 * cannot be cast twice. A voter may re-vote with the same credential; the last
 * ballot counts.
 */
import { type Ballot, ballotProblem, ballotTracker, readBallot } from './ballot.ts';
import type { Election } from './election.ts';
import { CryptoError } from './errors.ts';

export class BallotBox {
  private readonly trackers = new Set<string>();
  readonly accepted: { json: string; ballot: Ballot; tracker: string }[] = [];

  constructor(
    readonly election: Election,
    /** Public credentials (canonical strings) and their weights. */
    readonly credentials: Map<string, bigint>,
  ) {}

  /** Accepts a ballot and returns its tracker, or throws a CryptoError saying why not. */
  cast(json: string): string {
    const tracker = ballotTracker(json);
    if (this.trackers.has(tracker))
      throw new CryptoError('ballot box', `ballot ${tracker} was already cast (replay)`);
    const ballot = readBallot(this.election, json, 'ballot box');
    if (!this.credentials.has(this.election.group.toString(ballot.credential))) {
      throw new CryptoError(
        'ballot box',
        'the ballot is signed with a credential that is not on the list',
      );
    }
    const problem = ballotProblem(this.election, ballot);
    if (problem) throw new CryptoError('ballot box', problem);
    this.trackers.add(tracker);
    this.accepted.push({ json, ballot, tracker });
    return tracker;
  }
}
