import type { ColumnType, Generated, Kysely } from 'kysely';
import type { Stage } from '../../org/elections/index.ts';

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
  trustees: {
    election_id: number;
    position: number;
    member_id: number;
    public_key: string | null;
    key_recorded_at: Date | null;
  };
  verifiable_setups: {
    election_id: number;
    uuid: string;
    election_json: string;
    trustees_json: string;
    credentials_json: string;
    archive_timestamp: number;
    encrypted_tally: string | null;
    tallied: number | null;
    result_json: string | null;
    archive: Uint8Array | null;
  };
  verifiable_ballots: {
    id: Generated<number>;
    election_id: number;
    tracker: string;
    credential: string;
    ballot_json: string;
    voter_link: Uint8Array | null;
  };
  trustee_steps: {
    election_id: number;
    kind: 'certificate' | 'polynomial' | 'voutput' | 'shuffle' | 'partial_decryption';
    position: number;
    payload: string;
    recorded_at: Generated<Date>;
    seq: Generated<number>;
  };
  role_grants: {
    id: Generated<number>;
    member_id: number;
    role: GrantedRole;
    branch_id: number | null;
    election_id: number | null;
    affiliate_id: ColumnType<number | null, number | null | undefined, number | null>;
    granted_at: Generated<Date>;
  };
  sign_in_links: {
    token_hash: Uint8Array;
    member_id: number;
    created_at: Generated<Date>;
    expires_at: Date;
    used_at: Date | null;
    next_path: ColumnType<string | null, string | null | undefined, string | null>;
  };
  sessions: {
    token_hash: Uint8Array;
    member_id: number;
    created_at: Generated<Date>;
    expires_at: Date;
    last_seen_at: ColumnType<Date, Date | undefined, Date>;
  };
  candidates: {
    id: Generated<number>;
    election_id: number;
    member_id: number | null;
    name: string;
    groups: ColumnType<string[], string, string>;
    statement: Generated<string>;
    consented_at: Date | null;
    status: ColumnType<CandidateStatus, CandidateStatus | undefined, CandidateStatus>;
    created_at: Generated<Date>;
  };
  nominations: {
    id: Generated<number>;
    election_id: number;
    candidate_id: number;
    branch_id: number | null;
    affiliate_id: number | null;
    representative_id: ColumnType<number | null, number | null | undefined, number | null>;
    recorded_by: number | null;
    recorded_at: Generated<Date>;
  };
  slates: {
    id: Generated<number>;
    election_id: number;
    name: string;
    description: Generated<string>;
    published_by: number | null;
  };
  slate_candidates: { slate_id: number; candidate_id: number; position: number | null };
  roll_entries: {
    election_id: number;
    member_id: number;
    channel: Channel;
    /** When the member's ballot invitation bounced, moving them to the postal list. */
    bounced_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  };
  participations: { election_id: number; member_id: number; channel: Channel };
  ballots: {
    id: Generated<string>;
    election_id: number;
    receipt_hash: Uint8Array;
    marks: ColumnType<number[][], string, string>;
    channel: Channel;
    revote_link: Uint8Array | null;
  };
  postal_papers: {
    id: Generated<number>;
    election_id: number;
    member_id: number;
    number: string;
    issued_at: Generated<Date>;
    issued_by: number | null;
    replaces: number | null;
    cancelled_at: Date | null;
    cancelled_reason: string | null;
  };
  audit_log: {
    id: Generated<number>;
    election_id: number | null;
    actor_id: number | null;
    action: string;
    detail: ColumnType<Record<string, unknown>, string | undefined, never>;
    at: Generated<Date>;
  };
  outbox: {
    id: Generated<number>;
    recipient: string;
    subject: string;
    body_text: string;
    created_at: Generated<Date>;
    sent_at: Date | null;
    attempts: Generated<number>;
    last_error: string | null;
    claimed_at: Date | null;
    erase_after_sending: Generated<boolean>;
    /** The election and member a ballot invitation or reminder is for. */
    election_id: ColumnType<number | null, number | null | undefined, number | null>;
    member_id: ColumnType<number | null, number | null | undefined, number | null>;
    /** Refused for good (SMTP 5xx): never retried. */
    bounced_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  };
}

/**
 * The database as the use cases take it: outer layers (src/web, src/mail) name
 * this type rather than import kysely, so that no SQL is written outside src/db.
 */
export type Db = Kysely<Schema>;

export type GrantedRole =
  | 'branch_officer'
  | 'affiliate_officer'
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
  /** An elected representative (e.g. an MP), for a representatives' nomination hurdle. */
  representative: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface ElectionsTable {
  id: Generated<number>;
  title: string;
  body: string;
  seats: number;
  method: string;
  stage: Stage;
  joined_by: string | null;
  paid_up_by: string | null;
  nominations_open_at: Date | null;
  nominations_close_at: Date | null;
  ballot_open_at: Date | null;
  ballot_close_at: Date | null;
  created_at: Generated<Date>;
  minimums: ColumnType<{ group: string; min: number }[], string | undefined, string>;
  candidate_min_membership_days: number | null;
  nomination_rule: ColumnType<unknown, string | null | undefined, string | null>;
  branch_nomination_limit: number | null;
  allow_revoting: Generated<boolean>;
  online: Generated<boolean>;
  postal: Generated<boolean>;
  postal_wins: Generated<boolean>;
  roll_frozen_at: Date | null;
  roll_size: number | null;
  revote_key: Uint8Array | null;
  count_seed: string | null;
  result: ColumnType<unknown, string | null | undefined, string | null>;
  declared_at: Date | null;
  ballot_box: Generated<'plain' | 'verifiable'>;
  crypto_group: string | null;
  trustee_threshold: number | null;
}

export type Channel = 'online' | 'postal';
export type CandidateStatus = 'nominated' | 'valid' | 'not_valid' | 'withdrawn';
