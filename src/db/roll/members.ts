import type { Kysely } from 'kysely';
import type { ImportedMember } from '../../org/roll/member-import.ts';
import { audit } from '../core/audit.ts';
import type { Db, Schema } from '../core/schema.ts';

/** A member's own record as their home page shows it: name, number, branch and region, subscriptions. */
export async function membershipOf(db: Db, memberId: number) {
  return db
    .selectFrom('members')
    .innerJoin('branches', 'branches.id', 'members.branch_id')
    .innerJoin('regions', 'regions.id', 'branches.region_id')
    .select([
      'members.first_name',
      'members.last_name',
      'members.membership_number',
      'members.joined_on',
      'members.dues_status',
      'members.paid_up_to',
      'branches.name as branch',
      'regions.name as region',
    ])
    .where('members.id', '=', memberId)
    .executeTakeFirstOrThrow();
}

/** What decides whether a member may vote (src/org/roll/eligibility.ts): when they joined, their subscriptions. */
export async function membershipStanding(db: Db, memberId: number) {
  const m = await db
    .selectFrom('members')
    .select(['joined_on', 'dues_status', 'paid_up_to'])
    .where('id', '=', memberId)
    .executeTakeFirstOrThrow();
  return { joinedOn: m.joined_on, duesStatus: m.dues_status, paidUpTo: m.paid_up_to };
}

/** The member with this membership number, exactly as given; undefined if there is none. */
export async function memberIdByNumber(
  db: Db,
  membershipNumber: string,
): Promise<number | undefined> {
  const member = await db
    .selectFrom('members')
    .select('id')
    .where('membership_number', '=', membershipNumber)
    .executeTakeFirst();
  return member?.id;
}

/**
 * Writes checked members in one transaction: new membership numbers are added,
 * known ones updated. Returns how many of each. Audited (who, how many; never
 * the members' details).
 */
export async function importMembers(
  db: Kysely<Schema>,
  members: ImportedMember[],
  actorId: number | null,
) {
  return db.transaction().execute(async (trx) => {
    const branches = new Map(
      (await trx.selectFrom('branches').select(['id', 'name']).execute()).map((b) => [
        b.name,
        b.id,
      ]),
    );
    const existing = new Set(
      (await trx.selectFrom('members').select('membership_number').execute()).map(
        (m) => m.membership_number,
      ),
    );
    const flagged = members[0]?.representative !== null;
    let added = 0;
    let updated = 0;
    for (let i = 0; i < members.length; i += 500) {
      const rows = members.slice(i, i + 500).map((m) => ({
        membership_number: m.membershipNumber,
        first_name: m.firstName,
        last_name: m.lastName,
        email: m.email,
        postal_address: m.postalAddress,
        gender: m.gender,
        branch_id: branches.get(m.branch)!,
        joined_on: m.joinedOn,
        dues_status: m.duesStatus,
        paid_up_to: m.paidUpTo,
        representative: m.representative ?? false,
      }));
      for (const r of rows) existing.has(r.membership_number) ? updated++ : added++;
      await trx
        .insertInto('members')
        .values(rows)
        .onConflict((oc) =>
          oc.column('membership_number').doUpdateSet((eb) => ({
            first_name: eb.ref('excluded.first_name'),
            last_name: eb.ref('excluded.last_name'),
            email: eb.ref('excluded.email'),
            postal_address: eb.ref('excluded.postal_address'),
            gender: eb.ref('excluded.gender'),
            branch_id: eb.ref('excluded.branch_id'),
            joined_on: eb.ref('excluded.joined_on'),
            dues_status: eb.ref('excluded.dues_status'),
            paid_up_to: eb.ref('excluded.paid_up_to'),
            // A file without the column leaves the flag as it was.
            representative: flagged
              ? eb.ref('excluded.representative')
              : eb.ref('members.representative'),
          })),
        )
        .execute();
    }
    await audit(trx, {
      electionId: null,
      actorId,
      action: 'members imported',
      detail: { added, updated },
    });
    return { added, updated };
  });
}

/** Every member, in the import file's shape. */
export async function exportMembers(db: Kysely<Schema>): Promise<ImportedMember[]> {
  const rows = await db
    .selectFrom('members')
    .innerJoin('branches', 'branches.id', 'members.branch_id')
    .select([
      'membership_number',
      'first_name',
      'last_name',
      'email',
      'postal_address',
      'gender',
      'branches.name as branch',
      'joined_on',
      'dues_status',
      'paid_up_to',
      'representative',
    ])
    .orderBy('membership_number')
    .execute();
  return rows.map((r) => ({
    membershipNumber: r.membership_number,
    firstName: r.first_name,
    lastName: r.last_name,
    email: r.email,
    postalAddress: r.postal_address,
    gender: r.gender,
    branch: r.branch,
    joinedOn: r.joined_on,
    duesStatus: r.dues_status,
    paidUpTo: r.paid_up_to,
    representative: r.representative,
  }));
}
