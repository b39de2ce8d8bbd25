-- The life of an election: settings, candidates, nominations, slates, the frozen
-- roll, who has voted, the ballot box, the result, and an append-only audit log.

alter table elections
  add column minimums jsonb not null default '[]',
  add column candidate_min_membership_days int check (candidate_min_membership_days >= 0),
  add column nomination_rule jsonb,
  add column branch_nomination_limit int check (branch_nomination_limit > 0),
  add column allow_revoting boolean not null default false,
  add column online boolean not null default true,
  add column postal boolean not null default false,
  add column postal_wins boolean not null default true,
  add column roll_frozen_at timestamptz,
  add column roll_size int,
  -- Links a member to their ballot while re-voting is possible; destroyed at close.
  add column revote_key bytea,
  add column count_seed text,
  add column result jsonb,
  add column declared_at timestamptz;

create table candidates (
  id bigint generated always as identity primary key,
  election_id bigint not null references elections (id),
  member_id bigint references members (id),
  name text not null,
  -- Labels for minimum representation, e.g. ["women"].
  groups jsonb not null default '[]',
  statement text not null default '',
  consented_at timestamptz,
  status text not null default 'nominated' check (status in ('nominated', 'valid', 'not_valid', 'withdrawn')),
  created_at timestamptz not null default now(),
  unique (election_id, member_id)
);

-- A nomination by a branch or an affiliated organisation.
create table nominations (
  id bigint generated always as identity primary key,
  election_id bigint not null references elections (id),
  candidate_id bigint not null references candidates (id),
  branch_id bigint references branches (id),
  affiliate_id bigint references affiliates (id),
  recorded_by bigint references members (id),
  recorded_at timestamptz not null default now(),
  check ((branch_id is null) <> (affiliate_id is null)),
  unique (candidate_id, branch_id),
  unique (candidate_id, affiliate_id)
);

create table slates (
  id bigint generated always as identity primary key,
  election_id bigint not null references elections (id),
  name text not null,
  description text not null default '',
  published_by bigint references members (id),
  unique (election_id, name)
);

create table slate_candidates (
  slate_id bigint not null references slates (id) on delete cascade,
  candidate_id bigint not null references candidates (id),
  position int,
  primary key (slate_id, candidate_id)
);

-- The roll, frozen at the eligibility dates: a snapshot, not a view.
create table roll_entries (
  election_id bigint not null references elections (id),
  member_id bigint not null references members (id),
  channel text not null check (channel in ('online', 'postal')),
  primary key (election_id, member_id)
);

-- That a member voted, and how; never what. No time is kept, so it cannot be
-- joined to a ballot by when it was cast.
create table participations (
  election_id bigint not null references elections (id),
  member_id bigint not null references members (id),
  channel text not null check (channel in ('online', 'postal')),
  primary key (election_id, member_id)
);

-- The ballot box. No member id, no time; a random id, so neither key order nor
-- a join reveals who cast which. Rows are rewritten in random order at close.
create table ballots (
  id uuid primary key default gen_random_uuid(),
  election_id bigint not null references elections (id),
  receipt_hash bytea not null unique,
  -- Preferences as candidate ids: [[first], [second], ...]; for block votes one rank of all marked.
  marks jsonb not null,
  channel text not null check (channel in ('online', 'postal')),
  -- HMAC of the member under the election's revote key, while re-voting is allowed.
  revote_link bytea unique
);
create index ballots_election on ballots (election_id);

create table audit_log (
  id bigint generated always as identity primary key,
  election_id bigint references elections (id),
  actor_id bigint references members (id),
  action text not null,
  detail jsonb not null default '{}',
  at timestamptz not null default now()
);
create index audit_log_election on audit_log (election_id);

-- Append-only: the log can be added to, never changed.
create function audit_log_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'the audit log is append-only';
end;
$$;
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function audit_log_is_append_only();

-- The stages an election passes through (src/org/election-stages.ts).
alter table elections drop constraint elections_stage_check;
alter table elections add constraint elections_stage_check
  check (stage in ('draft', 'nominations', 'candidates_published', 'ballot', 'closed', 'declared'));
