import { type Kysely, sql } from 'kysely';
import { Refusal } from '../../core/refusal.ts';
import type { BallotSettings } from '../../org/ballots/index.ts';
import type { ElectionSettings } from '../../org/elections/settings.ts';
import type { Stage } from '../../org/elections/stages.ts';
import { appointTrustees, insertBallot } from '../ballots/index.ts';
import { audit } from '../core/audit.ts';
import type { Schema } from '../core/schema.ts';

/** The settings of an election's ballot, as the ballot core takes them. */
export function ballotSettingsOf(settings: ElectionSettings, trustees: number): BallotSettings {
  const verifiable = settings.ballotBox === 'verifiable';
  return {
    title: settings.title,
    question: 'candidates',
    method: settings.method,
    seats: settings.seats,
    minimums: settings.minimums,
    joinedBy: settings.joinedBy,
    paidUpBy: settings.paidUpBy,
    online: settings.online,
    postal: settings.postal,
    postalWins: settings.postalWins,
    allowRevoting: settings.allowRevoting,
    box: settings.ballotBox ?? 'plain',
    cryptoGroup: verifiable ? (settings.cryptoGroup ?? 'Ed25519') : null,
    trusteeThreshold:
      verifiable && settings.trusteeThreshold != null && settings.trusteeThreshold < trustees
        ? settings.trusteeThreshold
        : null,
    opensAt: settings.ballotOpenAt,
    closesAt: settings.ballotCloseAt,
  };
}

/**
 * An election: nominations, then a ballot of candidates. Both rows are made in
 * one transaction, with the returning officer's and scrutineer's grants and the
 * trustees of a verifiable box.
 */
export async function createElection(
  db: Kysely<Schema>,
  settings: ElectionSettings,
  officers: { returningOfficerId: number; scrutineerId: number | null; trusteeIds?: number[] },
  actorId: number | null,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const ballotId = await insertBallot(
      trx,
      ballotSettingsOf(settings, (officers.trusteeIds ?? []).length),
    );
    const { id } = await trx
      .insertInto('elections')
      .values({
        ballot_id: ballotId,
        title: settings.title,
        body: settings.body,
        stage: 'draft',
        candidate_min_membership_days: settings.candidateMinMembershipDays,
        nomination_rule: settings.nominationRule ? JSON.stringify(settings.nominationRule) : null,
        branch_nomination_limit: settings.branchNominationLimit,
        nominations_open_at: settings.nominationsOpenAt,
        nominations_close_at: settings.nominationsCloseAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('role_grants')
      .values([
        {
          member_id: officers.returningOfficerId,
          role: 'returning_officer',
          branch_id: null,
          election_id: id,
        },
        ...(officers.scrutineerId === null
          ? []
          : [
              {
                member_id: officers.scrutineerId,
                role: 'scrutineer' as const,
                branch_id: null,
                election_id: id,
              },
            ]),
      ])
      .execute();
    await appointTrustees(trx, ballotId, officers.trusteeIds ?? []);
    await audit(trx, {
      electionId: id,
      ballotId,
      actorId,
      action: 'created',
      detail: { ...settings, trustees: officers.trusteeIds ?? [] },
    });
    return id;
  });
}

/**
 * An election with its ballot's columns under the names pages have always
 * read (`ballot_box`, `ballot_open_at`, `ballot_close_at`...), and `ballot_id`.
 */
export const electionsWithBallots = (db: Kysely<Schema>) =>
  db
    .selectFrom('elections')
    .innerJoin('ballots', 'ballots.id', 'elections.ballot_id')
    .selectAll('elections')
    .select([
      'ballots.seats',
      'ballots.method',
      'ballots.minimums',
      'ballots.joined_by',
      'ballots.paid_up_by',
      'ballots.opens_at as ballot_open_at',
      'ballots.closes_at as ballot_close_at',
      'ballots.online',
      'ballots.postal',
      'ballots.postal_wins',
      'ballots.allow_revoting',
      'ballots.roll_frozen_at',
      'ballots.roll_size',
      'ballots.revote_key',
      'ballots.count_seed',
      'ballots.result',
      'ballots.declared_at',
      'ballots.box as ballot_box',
      'ballots.crypto_group',
      'ballots.trustee_threshold',
      'ballots.state as ballot_state',
    ]);

export type { ElectionSettings };
export type ElectionRow = Awaited<ReturnType<typeof findElection>> & {};

export async function findElection(db: Kysely<Schema>, id: number) {
  return electionsWithBallots(db).where('elections.id', '=', id).executeTakeFirst();
}

/**
 * The election with its ballot's columns, both rows locked until the caller's
 * transaction ends: a step or a nomination sees them as they stand.
 */
export async function lockElection(trx: Kysely<Schema>, electionId: number) {
  const election = await electionsWithBallots(trx)
    .where('elections.id', '=', electionId)
    .forUpdate()
    .executeTakeFirst();
  if (!election) throw new Refusal('There is no such election.');
  return election;
}

/** The elections members can see (all but drafts), oldest first: the home page's list. */
export async function electionsUnderWay(db: Kysely<Schema>) {
  return db
    .selectFrom('elections')
    .innerJoin('ballots', 'ballots.id', 'elections.ballot_id')
    .select([
      'elections.id',
      'elections.title',
      'elections.stage',
      'ballots.seats',
      'elections.nominations_close_at',
      'ballots.closes_at as ballot_close_at',
    ])
    .where('elections.stage', '!=', 'draft')
    .orderBy('elections.id')
    .execute();
}

export async function listElections(db: Kysely<Schema>) {
  return db
    .selectFrom('elections')
    .innerJoin('ballots', 'ballots.id', 'elections.ballot_id')
    .select([
      'elections.id',
      'elections.ballot_id',
      'elections.title',
      'elections.stage',
      'ballots.seats',
      'ballots.method',
      'ballots.roll_size',
      'elections.nominations_close_at',
      'ballots.closes_at as ballot_close_at',
      'ballots.declared_at',
    ])
    .orderBy('elections.id')
    .execute();
}

/** Candidates with their nomination counts, in ballot-paper order (surname, then name). */
export async function candidatesOf(db: Kysely<Schema>, electionId: number) {
  return db
    .selectFrom('candidates')
    .leftJoin('nominations', 'nominations.candidate_id', 'candidates.id')
    .select([
      'candidates.id',
      'candidates.name',
      'candidates.member_id',
      'candidates.groups',
      'candidates.statement',
      'candidates.status',
      'candidates.consented_at',
      sql<number>`count(nominations.branch_id)::int`.as('branchNominations'),
      sql<number>`count(nominations.affiliate_id)::int`.as('affiliateNominations'),
      sql<number>`count(nominations.representative_id)::int`.as('representativeNominations'),
    ])
    .where('candidates.election_id', '=', electionId)
    .groupBy('candidates.id')
    .orderBy('candidates.name')
    .execute();
}

export const isStage = (value: string): value is Stage =>
  ['draft', 'nominations', 'candidates_published', 'ballot', 'closed', 'declared'].includes(value);

/** Settings an election may change before its ballot, as columns of the election or its ballot. */
const settingColumns = {
  title: ['elections', 'title'],
  body: ['elections', 'body'],
  seats: ['ballots', 'seats'],
  method: ['ballots', 'method'],
  minimums: ['ballots', 'minimums'],
  joinedBy: ['ballots', 'joined_by'],
  paidUpBy: ['ballots', 'paid_up_by'],
  candidateMinMembershipDays: ['elections', 'candidate_min_membership_days'],
  nominationRule: ['elections', 'nomination_rule'],
  ballotCloseAt: ['ballots', 'closes_at'],
  online: ['ballots', 'online'],
  postal: ['ballots', 'postal'],
  allowRevoting: ['ballots', 'allow_revoting'],
} as const;

export type EditableSettings = Pick<ElectionSettings, keyof typeof settingColumns>;

/**
 * Settings that decide who is on the roll, or how they get their ballot: once
 * the roll is frozen, changing them would change the frozen roll.
 */
const frozenWithRoll: { key: keyof EditableSettings; message: string }[] = [
  { key: 'joinedBy', message: 'The roll is frozen: the joining date can no longer change.' },
  { key: 'paidUpBy', message: 'The roll is frozen: the paid-up date can no longer change.' },
  {
    key: 'online',
    message: 'The roll is frozen: who votes online and who by post can no longer change.',
  },
  {
    key: 'postal',
    message: 'The roll is frozen: who votes online and who by post can no longer change.',
  },
];

/**
 * A setting as the audit log and comparison see it: dates as ISO text, object
 * keys sorted (jsonb keeps its own key order, so a rule read back from the
 * database must still equal the same rule from the form).
 */
const comparable = (value: unknown): string =>
  JSON.stringify(value instanceof Date ? value.toISOString() : (value ?? null), (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );

/**
 * Changes an election's settings while it is a draft or taking nominations, in
 * one transaction, with every change (from, to) in the audit log. Refused once
 * nominations have closed, and for the eligibility dates and ways to vote once
 * the roll is frozen. Returns the names of the settings changed.
 */
export async function updateElectionSettings(
  db: Kysely<Schema>,
  electionId: number,
  settings: EditableSettings,
  actorId: number | null,
): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const row = await electionsWithBallots(trx)
      .where('elections.id', '=', electionId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new Refusal('There is no such election.');
    if (row.stage !== 'draft' && row.stage !== 'nominations')
      throw new Refusal('The settings can only change before nominations close.');
    const current: EditableSettings = {
      title: row.title,
      body: row.body,
      seats: row.seats,
      method: row.method,
      minimums: row.minimums,
      joinedBy: row.joined_by,
      paidUpBy: row.paid_up_by,
      candidateMinMembershipDays: row.candidate_min_membership_days,
      nominationRule: row.nomination_rule as ElectionSettings['nominationRule'],
      ballotCloseAt: row.ballot_close_at,
      online: row.online,
      postal: row.postal,
      allowRevoting: row.allow_revoting,
    };
    const changed = (Object.keys(settingColumns) as (keyof EditableSettings)[]).filter(
      (key) => comparable(current[key]) !== comparable(settings[key]),
    );
    if (row.roll_frozen_at) {
      const blocked = frozenWithRoll.find((f) => changed.includes(f.key));
      if (blocked) throw new Refusal(blocked.message, blocked.key);
    }
    if (changed.length === 0) return [];
    const json = (v: unknown) => (v === null ? null : JSON.stringify(v));
    const election: Record<string, unknown> = {};
    const ballot: Record<string, unknown> = {};
    for (const key of changed) {
      const value = settings[key];
      const [table, column] = settingColumns[key];
      (table === 'elections' ? election : ballot)[column] =
        key === 'minimums' ? JSON.stringify(value) : key === 'nominationRule' ? json(value) : value;
      // The ballot paper carries the election's title.
      if (key === 'title') ballot.title = value;
    }
    if (Object.keys(election).length > 0)
      await trx.updateTable('elections').set(election).where('id', '=', electionId).execute();
    if (Object.keys(ballot).length > 0)
      await trx.updateTable('ballots').set(ballot).where('id', '=', row.ballot_id).execute();
    await audit(trx, {
      electionId,
      actorId,
      action: 'settings changed',
      detail: Object.fromEntries(
        changed.map((key) => [
          key,
          { from: JSON.parse(comparable(current[key])), to: JSON.parse(comparable(settings[key])) },
        ]),
      ),
    });
    return changed;
  });
}

/** The id of an election's ballot. */
export async function ballotOf(db: Kysely<Schema>, electionId: number): Promise<number> {
  const row = await db
    .selectFrom('elections')
    .select('ballot_id')
    .where('id', '=', electionId)
    .executeTakeFirst();
  if (!row) throw new Refusal('There is no such election.');
  return row.ballot_id;
}
