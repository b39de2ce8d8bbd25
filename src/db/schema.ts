import type { ColumnType, Generated } from 'kysely';

/**
 * Table types for Kysely, matching migrations/*.sql and the JavaScript types of
 * type-parsers.ts (int8 → number, bytea → Uint8Array, date → 'YYYY-MM-DD').
 */
export interface Schema {
  schema_migrations: { name: string; applied_at: Generated<Date> };
  organisation: { id: Generated<number>; name: string; short_name: string };
  regions: { id: Generated<number>; name: string };
  branches: { id: Generated<number>; name: string; region_id: number };
  affiliates: {
    id: Generated<number>;
    name: string;
    kind: 'union' | 'society';
    affiliated_membership: number;
  };
  members: MembersTable;
  elections: ElectionsTable;
  role_grants: {
    id: Generated<number>;
    member_id: number;
    role: GrantedRole;
    branch_id: number | null;
    election_id: number | null;
    granted_at: Generated<Date>;
  };
  sign_in_links: {
    token_hash: Uint8Array;
    member_id: number;
    created_at: Generated<Date>;
    expires_at: Date;
    used_at: Date | null;
  };
  sessions: {
    token_hash: Uint8Array;
    member_id: number;
    created_at: Generated<Date>;
    expires_at: Date;
    last_seen_at: ColumnType<Date, Date | undefined, Date>;
  };
  outbox: {
    id: Generated<number>;
    recipient: string;
    subject: string;
    body_text: string;
    created_at: Generated<Date>;
    sent_at: Date | null;
  };
}

export type GrantedRole =
  | 'branch_officer'
  | 'organiser'
  | 'returning_officer'
  | 'scrutineer'
  | 'administrator';

export interface MembersTable {
  id: Generated<number>;
  membership_number: string;
  first_name: string;
  last_name: string;
  email: string | null;
  postal_address: string | null;
  gender: 'woman' | 'man' | 'non-binary' | 'other' | null;
  branch_id: number;
  joined_on: string;
  dues_status: 'paid_up' | 'in_arrears' | 'lapsed';
  paid_up_to: string | null;
  created_at: Generated<Date>;
}

export interface ElectionsTable {
  id: Generated<number>;
  title: string;
  body: string;
  seats: number;
  method: string;
  stage: 'draft' | 'nominations' | 'ballot' | 'counting' | 'declared';
  joined_by: string | null;
  paid_up_by: string | null;
  nominations_open_at: Date | null;
  nominations_close_at: Date | null;
  ballot_open_at: Date | null;
  ballot_close_at: Date | null;
  created_at: Generated<Date>;
}
