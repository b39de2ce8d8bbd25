import { type Kysely, sql } from 'kysely';
import { Refusal } from '../../core/refusal.ts';
import { type BallotSettings, countingMethod, yesNoOptions } from '../../org/ballots/question.ts';
import { audit } from '../core/audit.ts';
import type { Schema } from '../core/schema.ts';

/**
 * Ballots: the decisions members make (src/org/ballots/question.ts). An
 * election's ballot is made with the election (src/db/elections); a ballot of
 * its own (a consultation) by `createBallot`, with its own returning officer.
 */

type Db = Kysely<Schema>;

/** Inserts a ballot and its options; the caller holds the transaction. */
export async function insertBallot(trx: Db, settings: BallotSettings): Promise<number> {
  const options =
    settings.question === 'yes_no'
      ? [...yesNoOptions]
      : settings.question === 'candidates'
        ? []
        : (settings.options ?? []);
  if (settings.question !== 'candidates' && settings.question !== 'yes_no' && options.length < 2)
    throw new Refusal('A question needs at least two options.', 'options');
  if (settings.question === 'yes_no' && settings.seats !== 1)
    throw new Refusal('A yes/no question decides one thing: its seats are 1.', 'seats');
  const verifiable = settings.box === 'verifiable';
  const { id } = await trx
    .insertInto('ballots')
    .values({
      title: settings.title,
      question: settings.question,
      method: countingMethod(settings.question, settings.method),
      seats: settings.seats,
      max_marks: settings.maxMarks ?? null,
      minimums: JSON.stringify(settings.minimums ?? []),
      joined_by: settings.joinedBy,
      paid_up_by: settings.paidUpBy,
      online: settings.online,
      postal: settings.postal,
      in_room: settings.inRoom ?? false,
      postal_wins: settings.postalWins,
      allow_revoting: settings.allowRevoting,
      box: settings.box ?? 'plain',
      crypto_group: verifiable ? (settings.cryptoGroup ?? 'Ed25519') : null,
      trustee_threshold: verifiable ? (settings.trusteeThreshold ?? null) : null,
      opens_at: settings.opensAt,
      closes_at: settings.closesAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (options.length > 0)
    await trx
      .insertInto('ballot_options')
      .values(options.map((label, i) => ({ ballot_id: id, position: i + 1, label })))
      .execute();
  return id;
}

/**
 * A ballot that belongs to no election (a consultation, a motion), with the
 * returning officer and scrutineer who run it and, for a verifiable box, its
 * trustees. Returns its id.
 */
export async function createBallot(
  db: Db,
  settings: BallotSettings,
  officers: { returningOfficerId: number; scrutineerId: number | null; trusteeIds?: number[] },
  actorId: number | null,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const trustees = officers.trusteeIds ?? [];
    const id = await insertBallot(trx, {
      ...settings,
      trusteeThreshold:
        settings.trusteeThreshold != null && settings.trusteeThreshold < trustees.length
          ? settings.trusteeThreshold
          : null,
    });
    await trx
      .insertInto('role_grants')
      .values([
        {
          member_id: officers.returningOfficerId,
          role: 'returning_officer',
          branch_id: null,
          election_id: null,
          ballot_id: id,
        },
        ...(officers.scrutineerId === null
          ? []
          : [
              {
                member_id: officers.scrutineerId,
                role: 'scrutineer' as const,
                branch_id: null,
                election_id: null,
                ballot_id: id,
              },
            ]),
      ])
      .execute();
    if (trustees.length > 0)
      await trx
        .insertInto('trustees')
        .values(trustees.map((member_id, i) => ({ ballot_id: id, position: i + 1, member_id })))
        .execute();
    await audit(trx, {
      ballotId: id,
      actorId,
      action: 'created',
      detail: { ...settings, trustees },
    });
    return id;
  });
}

/** The columns of a ballot, with the election it belongs to (null for a ballot of its own). */
const withElection = (db: Db) =>
  db
    .selectFrom('ballots')
    .selectAll('ballots')
    .select(
      sql<number | null>`(select id from elections where ballot_id = ballots.id)`.as('election_id'),
    );

export type BallotRow = NonNullable<Awaited<ReturnType<typeof findBallot>>>;

export async function findBallot(db: Db, ballotId: number) {
  return withElection(db).where('ballots.id', '=', ballotId).executeTakeFirst();
}

/**
 * The ballot, locked for the rest of the transaction: FOR UPDATE for a step
 * that changes it, FOR SHARE while a vote goes in (votes go in side by side;
 * closing waits for those under way, and then no more can start).
 */
export async function lockBallot(trx: Db, ballotId: number, mode: 'update' | 'share' = 'update') {
  const query = withElection(trx).where('ballots.id', '=', ballotId);
  const ballot = await (mode === 'update'
    ? query.forUpdate()
    : query.forShare()
  ).executeTakeFirst();
  if (!ballot) throw new Refusal('There is no such ballot.');
  return ballot;
}

/** What a refusal calls the ballot: an election's is "this election", as its pages always said. */
export const noun = (ballot: { election_id: number | null }) =>
  ballot.election_id === null ? 'ballot' : 'election';

/** The page a member votes on. */
export const votePath = (ballot: { id: number; election_id: number | null }) =>
  ballot.election_id === null
    ? `/ballots/${ballot.id}/vote`
    : `/elections/${ballot.election_id}/vote`;

export interface BallotOption {
  id: number;
  label: string;
  /** Labels for minimum representation (candidates only), e.g. ["women"]. */
  groups: string[];
}

/**
 * The options on the ballot paper, in its order: for a candidates question
 * the election's valid candidates by name (marks are candidate ids), else the
 * ballot's own options by position.
 */
export async function ballotOptions(
  db: Db,
  ballot: { id: number; question: string },
): Promise<BallotOption[]> {
  if (ballot.question === 'candidates') {
    const rows = await db
      .selectFrom('candidates')
      .innerJoin('elections', 'elections.id', 'candidates.election_id')
      .select(['candidates.id', 'candidates.name', 'candidates.groups'])
      .where('elections.ballot_id', '=', ballot.id)
      .where('candidates.status', '=', 'valid')
      .orderBy('candidates.name')
      .orderBy('candidates.id')
      .execute();
    return rows.map((c) => ({ id: c.id, label: c.name, groups: c.groups }));
  }
  const rows = await db
    .selectFrom('ballot_options')
    .select(['id', 'label'])
    .where('ballot_id', '=', ballot.id)
    .orderBy('position')
    .execute();
  return rows.map((o) => ({ ...o, groups: [] }));
}
