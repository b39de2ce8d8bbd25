import { type Kysely, sql } from 'kysely';
import { Refusal } from '../../core/refusal.ts';
import type { ElectionSettings } from '../../org/elections/settings.ts';
import type { Stage } from '../../org/elections/stages.ts';
import { appointTrustees } from '../ballots/index.ts';
import { audit } from '../core/audit.ts';
import type { Schema } from '../core/schema.ts';

export async function createElection(
  db: Kysely<Schema>,
  settings: ElectionSettings,
  officers: { returningOfficerId: number; scrutineerId: number | null; trusteeIds?: number[] },
  actorId: number | null,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('elections')
      .values({
        title: settings.title,
        body: settings.body,
        seats: settings.seats,
        method: settings.method,
        stage: 'draft',
        minimums: JSON.stringify(settings.minimums),
        joined_by: settings.joinedBy,
        paid_up_by: settings.paidUpBy,
        candidate_min_membership_days: settings.candidateMinMembershipDays,
        nomination_rule: settings.nominationRule ? JSON.stringify(settings.nominationRule) : null,
        branch_nomination_limit: settings.branchNominationLimit,
        nominations_open_at: settings.nominationsOpenAt,
        nominations_close_at: settings.nominationsCloseAt,
        ballot_open_at: settings.ballotOpenAt,
        ballot_close_at: settings.ballotCloseAt,
        online: settings.online,
        postal: settings.postal,
        postal_wins: settings.postalWins,
        allow_revoting: settings.allowRevoting,
        ballot_box: settings.ballotBox ?? 'plain',
        crypto_group:
          settings.ballotBox === 'verifiable' ? (settings.cryptoGroup ?? 'Ed25519') : null,
        trustee_threshold:
          settings.ballotBox === 'verifiable' &&
          settings.trusteeThreshold != null &&
          settings.trusteeThreshold < (officers.trusteeIds ?? []).length
            ? settings.trusteeThreshold
            : null,
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
    await appointTrustees(trx, id, officers.trusteeIds ?? []);
    await audit(trx, {
      electionId: id,
      actorId,
      action: 'created',
      detail: { ...settings, trustees: officers.trusteeIds ?? [] },
    });
    return id;
  });
}

export type { ElectionSettings };
export type ElectionRow = Awaited<ReturnType<typeof findElection>> & {};

export async function findElection(db: Kysely<Schema>, id: number) {
  return db.selectFrom('elections').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The election, locked until the caller's transaction ends: a step or a nomination sees it as it stands. */
export async function lockElection(trx: Kysely<Schema>, electionId: number) {
  const election = await trx
    .selectFrom('elections')
    .selectAll()
    .where('id', '=', electionId)
    .forUpdate()
    .executeTakeFirst();
  if (!election) throw new Refusal('There is no such election.');
  return election;
}

/** The elections members can see (all but drafts), oldest first: the home page's list. */
export async function electionsUnderWay(db: Kysely<Schema>) {
  return db
    .selectFrom('elections')
    .select(['id', 'title', 'stage', 'seats', 'nominations_close_at', 'ballot_close_at'])
    .where('stage', '!=', 'draft')
    .orderBy('id')
    .execute();
}

export async function listElections(db: Kysely<Schema>) {
  return db
    .selectFrom('elections')
    .select([
      'id',
      'title',
      'stage',
      'seats',
      'method',
      'roll_size',
      'nominations_close_at',
      'ballot_close_at',
      'declared_at',
    ])
    .orderBy('id')
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

export interface BallotCounts {
  issued: number;
  returned: number;
  online: number;
  postal: number;
}

/** Ballots issued (the roll) and returned, by channel. */
export async function ballotCounts(db: Kysely<Schema>, electionId: number): Promise<BallotCounts> {
  const box = await db
    .selectFrom('elections')
    .select('ballot_box')
    .where('id', '=', electionId)
    .executeTakeFirst();
  // A verifiable box's ballots are encrypted and signed by credential: count who voted instead.
  const row = await db
    .selectFrom(box?.ballot_box === 'verifiable' ? 'participations' : 'ballots')
    .select([
      sql<number>`count(*)::int`.as('returned'),
      sql<number>`count(*) filter (where channel = 'online')::int`.as('online'),
      sql<number>`count(*) filter (where channel = 'postal')::int`.as('postal'),
    ])
    .where('election_id', '=', electionId)
    .executeTakeFirstOrThrow();
  const election = await db
    .selectFrom('elections')
    .select('roll_size')
    .where('id', '=', electionId)
    .executeTakeFirst();
  return { issued: election?.roll_size ?? 0, ...row };
}

export const isStage = (value: string): value is Stage =>
  ['draft', 'nominations', 'candidates_published', 'ballot', 'closed', 'declared'].includes(value);

/** Settings an election may change before its ballot, as columns. */
const settingColumns = {
  title: 'title',
  body: 'body',
  seats: 'seats',
  method: 'method',
  minimums: 'minimums',
  joinedBy: 'joined_by',
  paidUpBy: 'paid_up_by',
  candidateMinMembershipDays: 'candidate_min_membership_days',
  nominationRule: 'nomination_rule',
  ballotCloseAt: 'ballot_close_at',
  online: 'online',
  postal: 'postal',
  allowRevoting: 'allow_revoting',
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
    const row = await trx
      .selectFrom('elections')
      .selectAll()
      .where('id', '=', electionId)
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
    const values: Record<string, unknown> = {};
    for (const key of changed) {
      const value = settings[key];
      values[settingColumns[key]] =
        key === 'minimums' ? JSON.stringify(value) : key === 'nominationRule' ? json(value) : value;
    }
    await trx.updateTable('elections').set(values).where('id', '=', electionId).execute();
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
