-- The organisation's roll (regions, branches, affiliates, members), who may do
-- what (role grants), signing in (one-time links, sessions) and the mail outbox.

create table organisation (
  id int primary key default 1 check (id = 1),
  name text not null,
  short_name text not null
);

create table regions (
  id bigint generated always as identity primary key,
  name text not null unique
);

create table branches (
  id bigint generated always as identity primary key,
  name text not null unique,
  region_id bigint not null references regions (id)
);

-- Affiliated organisations: trade unions and socialist societies, with the
-- membership they affiliate on (which weighs in composite nomination thresholds).
create table affiliates (
  id bigint generated always as identity primary key,
  name text not null unique,
  kind text not null check (kind in ('union', 'society')),
  affiliated_membership int not null check (affiliated_membership >= 0)
);

create table members (
  id bigint generated always as identity primary key,
  membership_number text not null unique,
  first_name text not null,
  last_name text not null,
  email text unique check (email = lower(email)),
  postal_address text,
  gender text check (gender in ('woman', 'man', 'non-binary', 'other')),
  branch_id bigint not null references branches (id),
  joined_on date not null,
  dues_status text not null check (dues_status in ('paid_up', 'in_arrears', 'lapsed')),
  paid_up_to date,
  created_at timestamptz not null default now()
);
create index members_branch on members (branch_id);

-- Elections to the ruling body; issue 5 fills in the rest of their life.
create table elections (
  id bigint generated always as identity primary key,
  title text not null,
  body text not null,
  seats int not null check (seats > 0),
  method text not null,
  stage text not null check (stage in ('draft', 'nominations', 'ballot', 'counting', 'declared')),
  joined_by date,
  paid_up_by date,
  nominations_open_at timestamptz,
  nominations_close_at timestamptz,
  ballot_open_at timestamptz,
  ballot_close_at timestamptz,
  created_at timestamptz not null default now()
);

-- Roles are data. A scoped role names the one branch or election it covers.
create table role_grants (
  id bigint generated always as identity primary key,
  member_id bigint not null references members (id) on delete cascade,
  role text not null check (role in ('branch_officer', 'organiser', 'returning_officer', 'scrutineer', 'administrator')),
  branch_id bigint references branches (id) on delete cascade,
  election_id bigint references elections (id) on delete cascade,
  granted_at timestamptz not null default now(),
  check ((role = 'branch_officer') = (branch_id is not null)),
  check ((role in ('returning_officer', 'scrutineer')) = (election_id is not null))
);
create index role_grants_member on role_grants (member_id);

-- One-time sign-in links: only a hash of the token is kept, so a copy of the
-- database cannot be used to sign in.
create table sign_in_links (
  token_hash bytea primary key,
  member_id bigint not null references members (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);

create table sessions (
  token_hash bytea primary key,
  member_id bigint not null references members (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  last_seen_at timestamptz not null default now()
);
create index sessions_member on sessions (member_id);

-- Every message the application sends. Without SMTP it stays here to be read at
-- /dev/outbox; with SMTP, sent_at records delivery.
create table outbox (
  id bigint generated always as identity primary key,
  recipient text not null,
  subject text not null,
  body_text text not null,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
