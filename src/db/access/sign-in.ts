import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Actor, Role } from '../../org/access/permissions.ts';
import type { Schema } from '../core/schema.ts';

/**
 * Signing in: one-time links and server-side sessions. Tokens are 256 random
 * bits given to the member; the database keeps only their SHA-256, so a leaked
 * copy of it cannot be used to sign in.
 */

export const signInLinkLifetimeMs = 30 * 60_000;
export const sessionLifetimeMs = 30 * 24 * 60 * 60_000;

export const newToken = () => randomBytes(32).toString('base64url');
/** What the database keeps of a token: its SHA-256. */
export const hashToken = (token: string) =>
  new Uint8Array(createHash('sha256').update(token).digest());

export async function memberByEmail(db: Kysely<Schema>, email: string) {
  return db
    .selectFrom('members')
    .select(['id', 'first_name', 'email'])
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
}

/** Creates a one-time sign-in link for a member; returns the token to send. */
export async function createSignInLink(db: Kysely<Schema>, memberId: number, now = new Date()) {
  const token = newToken();
  await db
    .insertInto('sign_in_links')
    .values({
      token_hash: hashToken(token),
      member_id: memberId,
      expires_at: new Date(now.getTime() + signInLinkLifetimeMs),
    })
    .execute();
  return token;
}

/** Is this link unused and unexpired? (Does not use it up.) */
export async function signInLinkIsValid(db: Kysely<Schema>, token: string, now = new Date()) {
  const row = await db
    .selectFrom('sign_in_links')
    .select('member_id')
    .where('token_hash', '=', hashToken(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Uses up a sign-in link and opens a session. One statement marks the link used
 * only if it is still unused and unexpired, so two clicks cannot both succeed.
 * Returns the session token and the page the link leads to, or undefined for a
 * used, expired or unknown link.
 */
export async function useSignInLink(db: Kysely<Schema>, token: string, now = new Date()) {
  return db.transaction().execute(async (trx) => {
    const link = await trx
      .updateTable('sign_in_links')
      .set({ used_at: now })
      .where('token_hash', '=', hashToken(token))
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning('member_id')
      .executeTakeFirst();
    if (!link) return undefined;
    const { next_path } = await trx
      .selectFrom('sign_in_links')
      .select('next_path')
      .where('token_hash', '=', hashToken(token))
      .executeTakeFirstOrThrow();
    const sessionToken = newToken();
    await trx
      .insertInto('sessions')
      .values({
        token_hash: hashToken(sessionToken),
        member_id: link.member_id,
        expires_at: new Date(now.getTime() + sessionLifetimeMs),
        last_seen_at: now,
      })
      .execute();
    return { sessionToken, next: next_path ?? '/' };
  });
}

/** The member a session belongs to, if it is still open. */
export async function memberForSession(db: Kysely<Schema>, token: string, now = new Date()) {
  const row = await db
    .selectFrom('sessions')
    .select('member_id')
    .where('token_hash', '=', hashToken(token))
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row?.member_id;
}

export async function endSession(db: Kysely<Schema>, token: string) {
  await db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute();
}

/** A member with their role grants, as the permission check needs them. */
export async function actorFor(db: Kysely<Schema>, memberId: number): Promise<Actor | undefined> {
  const member = await db
    .selectFrom('members')
    .select(['id', 'branch_id', 'representative'])
    .where('id', '=', memberId)
    .executeTakeFirst();
  if (!member) return undefined;
  const grants = await db
    .selectFrom('role_grants')
    .select(['role', 'branch_id', 'election_id', 'affiliate_id'])
    .where('member_id', '=', memberId)
    .execute();
  const roles: Role[] = [{ role: 'member' }];
  if (member.representative) roles.push({ role: 'representative' });
  for (const g of grants) {
    if (g.role === 'branch_officer' && g.branch_id !== null)
      roles.push({ role: g.role, branchId: g.branch_id });
    else if (g.role === 'affiliate_officer' && g.affiliate_id !== null)
      roles.push({ role: g.role, affiliateId: g.affiliate_id });
    else if ((g.role === 'returning_officer' || g.role === 'scrutineer') && g.election_id !== null)
      roles.push({ role: g.role, electionId: g.election_id });
    else if (g.role === 'administrator' || g.role === 'organiser') roles.push({ role: g.role });
  }
  // A verifiable election's trustees are appointed on its trustee list, not as grants.
  const trusteeships = await db
    .selectFrom('trustees')
    .select('election_id')
    .where('member_id', '=', memberId)
    .execute();
  for (const t of trusteeships) roles.push({ role: 'trustee', electionId: t.election_id });
  return { memberId: member.id, branchId: member.branch_id, roles };
}
