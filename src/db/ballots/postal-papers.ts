import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { Refusal } from '../../core/refusal.ts';
import { audit } from '../core/audit.ts';
import type { Schema } from '../core/schema.ts';

/**
 * Postal ballot papers (DOMAIN.md: "replacement ballots on request until a
 * deadline"). Each paper sent out has its own number, printed on it and on the
 * postal list. A member who lost or spoilt theirs gets a replacement: the
 * earlier number is cancelled, so if the original turns up after all it cannot
 * be counted too. Who was issued which paper is recorded; how anyone voted
 * never is.
 */

/** A paper number to print: 8 letters and digits, no look-alikes, hard to guess. */
function newPaperNumber(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const code = [...randomBytes(8)].map((b) => alphabet[b % 32]).join('');
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

const issuingStages = ['draft', 'nominations', 'candidates_published', 'ballot'];

async function lockedElection(trx: Kysely<Schema>, electionId: number) {
  const election = await trx
    .selectFrom('elections')
    .select(['id', 'stage', 'roll_frozen_at'])
    .where('id', '=', electionId)
    .forUpdate()
    .executeTakeFirst();
  if (!election) throw new Refusal('There is no such election.');
  if (!election.roll_frozen_at) throw new Refusal('Freeze the roll before issuing postal papers.');
  if (!issuingStages.includes(election.stage))
    throw new Refusal('Postal papers can no longer be issued: voting has closed.');
  return election;
}

/** Numbers a paper for every member on the postal list who has none and has not voted. */
export async function issuePostalPapers(
  db: Kysely<Schema>,
  electionId: number,
  actorId: number | null,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await lockedElection(trx, electionId);
    const members = await trx
      .selectFrom('roll_entries')
      .select('member_id')
      .where('election_id', '=', electionId)
      .where('channel', '=', 'postal')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('postal_papers')
              .select('id')
              .whereRef('postal_papers.member_id', '=', 'roll_entries.member_id')
              .where('postal_papers.election_id', '=', electionId)
              .where('postal_papers.cancelled_at', 'is', null),
          ),
        ),
      )
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('participations')
              .select('member_id')
              .whereRef('participations.member_id', '=', 'roll_entries.member_id')
              .where('participations.election_id', '=', electionId),
          ),
        ),
      )
      .orderBy('member_id')
      .execute();
    for (let i = 0; i < members.length; i += 1000) {
      await trx
        .insertInto('postal_papers')
        .values(
          members.slice(i, i + 1000).map((m) => ({
            election_id: electionId,
            member_id: m.member_id,
            number: newPaperNumber(),
            issued_by: actorId,
          })),
        )
        .execute();
    }
    await audit(trx, {
      electionId,
      actorId,
      action: 'postal papers issued',
      detail: { count: members.length },
    });
    return members.length;
  });
}

/**
 * Issues a replacement paper to a postal voter whose paper was lost, spoilt or
 * never arrived; the earlier paper's number is cancelled.
 */
export async function replacePostalPaper(
  db: Kysely<Schema>,
  input: { electionId: number; membershipNumber: string; reason: string },
  actorId: number | null,
): Promise<{ name: string; cancelled: string; issued: string }> {
  return db.transaction().execute(async (trx) => {
    await lockedElection(trx, input.electionId);
    const member = await trx
      .selectFrom('members')
      .leftJoin('roll_entries', (join) =>
        join
          .onRef('roll_entries.member_id', '=', 'members.id')
          .on('roll_entries.election_id', '=', input.electionId),
      )
      .select([
        'members.id',
        'members.first_name',
        'members.last_name',
        'members.membership_number',
        'roll_entries.channel',
      ])
      .where('members.membership_number', '=', input.membershipNumber.trim().toUpperCase())
      .executeTakeFirst();
    if (!member)
      throw new Refusal('There is no member with that membership number.', 'membershipNumber');
    if (member.channel !== 'postal')
      throw new Refusal(
        member.channel === 'online'
          ? 'This member votes online, not by post.'
          : 'This member is not on the roll for this election.',
        'membershipNumber',
      );
    const voted = await trx
      .selectFrom('participations')
      .select('channel')
      .where('election_id', '=', input.electionId)
      .where('member_id', '=', member.id)
      .executeTakeFirst();
    if (voted)
      throw new Refusal(
        'This member has already voted; a replacement ballot cannot be issued.',
        'membershipNumber',
      );
    const current = await trx
      .selectFrom('postal_papers')
      .select(['id', 'number'])
      .where('election_id', '=', input.electionId)
      .where('member_id', '=', member.id)
      .where('cancelled_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (!current)
      throw new Refusal(
        'No paper has been issued to this member yet: issue the postal papers first.',
        'membershipNumber',
      );
    await trx
      .updateTable('postal_papers')
      .set({ cancelled_at: new Date(), cancelled_reason: input.reason })
      .where('id', '=', current.id)
      .execute();
    const issued = newPaperNumber();
    await trx
      .insertInto('postal_papers')
      .values({
        election_id: input.electionId,
        member_id: member.id,
        number: issued,
        issued_by: actorId,
        replaces: current.id,
      })
      .execute();
    await audit(trx, {
      electionId: input.electionId,
      actorId,
      action: 'replacement postal ballot issued',
      detail: {
        membershipNumber: member.membership_number,
        reason: input.reason,
        cancelled: current.number,
        issued,
      },
    });
    return { name: `${member.first_name} ${member.last_name}`, cancelled: current.number, issued };
  });
}

/**
 * Inside the transaction that enters a postal ballot: the paper must be the
 * member's current one. A cancelled paper (replaced) or another member's is
 * refused. A member who was never issued a numbered paper (a postal vote
 * replacing an online one, say) needs no number.
 */
export async function checkPostalPaper(
  trx: Kysely<Schema>,
  electionId: number,
  memberId: number,
  paperNumber: string | undefined,
): Promise<void> {
  const number = (paperNumber ?? '').trim().toUpperCase();
  if (number === '') {
    const issued = await trx
      .selectFrom('postal_papers')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('election_id', '=', electionId)
      .where('member_id', '=', memberId)
      .executeTakeFirstOrThrow();
    if (issued.n > 0)
      throw new Refusal('Enter the ballot paper number printed on the paper.', 'paperNumber');
    return;
  }
  const paper = await trx
    .selectFrom('postal_papers')
    .select(['member_id', 'cancelled_at', 'cancelled_reason'])
    .where('election_id', '=', electionId)
    .where('number', '=', number)
    .executeTakeFirst();
  if (!paper)
    throw new Refusal(`There is no ballot paper ${number} in this election.`, 'paperNumber');
  if (paper.member_id !== memberId)
    throw new Refusal(`Ballot paper ${number} was issued to another member.`, 'paperNumber');
  if (paper.cancelled_at)
    throw new Refusal(
      `Ballot paper ${number} was cancelled (${paper.cancelled_reason ?? 'replaced'}) and a replacement issued; it cannot be counted.`,
      'paperNumber',
    );
}

/**
 * The postal list: members on the roll who vote by post, by membership number,
 * with their address, what put them there (an email address or a bounce) and
 * the number of their current paper, if one is issued.
 */
export async function postalList(db: Kysely<Schema>, electionId: number) {
  return db
    .selectFrom('roll_entries')
    .innerJoin('members', 'members.id', 'roll_entries.member_id')
    .leftJoin('postal_papers', (join) =>
      join
        .onRef('postal_papers.member_id', '=', 'members.id')
        .on('postal_papers.election_id', '=', electionId)
        .on('postal_papers.cancelled_at', 'is', null),
    )
    .select([
      'members.membership_number',
      'members.first_name',
      'members.last_name',
      'members.postal_address',
      'members.email',
      'roll_entries.bounced_at',
      'postal_papers.number as paper',
    ])
    .where('roll_entries.election_id', '=', electionId)
    .where('roll_entries.channel', '=', 'postal')
    .orderBy('members.membership_number')
    .execute();
}

/** The returning officer's figures for the postal list: who is on it and why, and the papers issued. */
export async function postalListFigures(db: Kysely<Schema>, electionId: number) {
  const roll = await db
    .selectFrom('roll_entries')
    .innerJoin('members', 'members.id', 'roll_entries.member_id')
    .select([
      sql<number>`count(*) filter (where channel = 'postal')::int`.as('postal'),
      sql<number>`count(*) filter (where channel = 'postal' and members.email is null)::int`.as(
        'noEmail',
      ),
      sql<number>`count(*) filter (where roll_entries.bounced_at is not null)::int`.as('bounced'),
    ])
    .where('roll_entries.election_id', '=', electionId)
    .executeTakeFirstOrThrow();
  const papers = await db
    .selectFrom('postal_papers')
    .select([
      sql<number>`count(*) filter (where cancelled_at is null)::int`.as('current'),
      sql<number>`count(*) filter (where cancelled_at is not null)::int`.as('cancelled'),
    ])
    .where('election_id', '=', electionId)
    .executeTakeFirstOrThrow();
  return { roll, papers };
}
