-- A ballot is its own thing (issue 12): one ballot core for every decision
-- members make. An election becomes nominations plus a ballot of candidates;
-- a consultation is a ballot with no election. The roll, the votes, postal
-- papers, invitations, the verifiable box and audit rows refer to the ballot.
--
-- Moves a database in place: each election's ballot settings and state become
-- one ballot row, which takes the election's own number, so every column of
-- election numbers in the tables that follow is already a column of ballot
-- numbers and is renamed, not rewritten (a large organisation's roll is
-- millions of rows). Ballots made later are numbered after the last election.

-- The plain ballot box, until now `ballots`, is `votes`.
alter table ballots rename to votes;
alter table votes rename constraint ballots_pkey to votes_pkey;
alter table votes rename constraint ballots_receipt_hash_key to votes_receipt_hash_key;
alter table votes rename constraint ballots_revote_link_key to votes_revote_link_key;
alter table votes drop constraint ballots_channel_check;
alter index ballots_election rename to votes_ballot;

-- A decision members make.
create table ballots (
  id bigint generated always as identity primary key,
  title text not null,
  -- What is asked: candidates for seats (an election's ballot), yes / no /
  -- abstain, choose up to max_marks options, or rank the options.
  question text not null check (question in ('candidates', 'yes_no', 'choose', 'rank')),
  -- The counting method of src/count, with the seats (for yes_no and choose,
  -- how many options the count picks) and any minimums ([{group, min}]).
  method text not null,
  seats int not null check (seats > 0),
  -- How many options a member may mark; null: the method's own limit.
  max_marks int check (max_marks > 0),
  minimums jsonb not null default '[]',
  -- Who is on the roll: joined on or before, paid up to at least.
  joined_by date,
  paid_up_by date,
  -- The channels: online, by post, in the room (entered by a teller).
  online boolean not null default true,
  postal boolean not null default false,
  in_room boolean not null default false,
  allow_revoting boolean not null default false,
  postal_wins boolean not null default true,
  -- The box: plain, or verifiable (Belenios) in a group with trustees.
  box text not null default 'plain' check (box in ('plain', 'verifiable')),
  crypto_group text,
  trustee_threshold int check (trustee_threshold >= 1),
  opens_at timestamptz,
  closes_at timestamptz,
  state text not null default 'draft' check (state in ('draft', 'open', 'closed', 'declared')),
  roll_frozen_at timestamptz,
  roll_size int,
  -- Links a member to their vote while re-voting is possible; destroyed at close.
  revote_key bytea,
  count_seed text,
  result jsonb,
  declared_at timestamptz,
  created_at timestamptz not null default now(),
  constraint ballots_crypto_group_check check ((box = 'verifiable') = (crypto_group is not null))
);

-- The options of a question other than candidates, in ballot-paper order. For
-- a candidates question the options are the election's valid candidates.
create table ballot_options (
  id bigint generated always as identity primary key,
  ballot_id bigint not null references ballots (id),
  position int not null check (position >= 1),
  label text not null,
  unique (ballot_id, position)
);

-- Each election's ballot, numbered as the election. Its state follows the
-- election's stage: before the ballot opens it is a draft.
insert into ballots (
  id, title, question, method, seats, minimums, joined_by, paid_up_by,
  online, postal, allow_revoting, postal_wins, box, crypto_group, trustee_threshold,
  opens_at, closes_at, state, roll_frozen_at, roll_size, revote_key, count_seed,
  result, declared_at, created_at
) overriding system value
select
  id, title, 'candidates', method, seats, minimums, joined_by, paid_up_by,
  online, postal, allow_revoting, postal_wins, ballot_box, crypto_group, trustee_threshold,
  ballot_open_at, ballot_close_at,
  case stage when 'ballot' then 'open' when 'closed' then 'closed'
    when 'declared' then 'declared' else 'draft' end,
  roll_frozen_at, roll_size, revote_key, count_seed, result, declared_at, created_at
from elections
order by id;
select setval(pg_get_serial_sequence('ballots', 'id'), coalesce(max(id), 0) + 1, false) from ballots;

alter table elections add column ballot_id bigint references ballots (id);
update elections set ballot_id = id;
alter table elections alter column ballot_id set not null;
alter table elections add constraint elections_ballot_id_key unique (ballot_id);
alter table elections
  drop column seats,
  drop column method,
  drop column minimums,
  drop column joined_by,
  drop column paid_up_by,
  drop column ballot_open_at,
  drop column ballot_close_at,
  drop column allow_revoting,
  drop column online,
  drop column postal,
  drop column postal_wins,
  drop column roll_frozen_at,
  drop column roll_size,
  drop column revote_key,
  drop column count_seed,
  drop column result,
  drop column declared_at,
  drop column ballot_box,
  drop column crypto_group,
  drop column trustee_threshold;

-- The roll, with a weight for each voter: 1, or the card vote a delegation or
-- an affiliate casts.
alter table roll_entries rename column election_id to ballot_id;
alter table roll_entries drop constraint roll_entries_election_id_fkey;
alter table roll_entries add constraint roll_entries_ballot_id_fkey
  foreign key (ballot_id) references ballots (id);
alter table roll_entries add column weight int not null default 1 check (weight > 0);
alter table roll_entries drop constraint roll_entries_channel_check;
alter table roll_entries add constraint roll_entries_channel_check
  check (channel in ('online', 'postal', 'in_room'));

alter table participations rename column election_id to ballot_id;
alter table participations drop constraint participations_election_id_fkey;
alter table participations add constraint participations_ballot_id_fkey
  foreign key (ballot_id) references ballots (id);
alter table participations drop constraint participations_channel_check;
alter table participations add constraint participations_channel_check
  check (channel in ('online', 'postal', 'in_room'));

-- A vote weighs what its voter's roll entry weighs (kept on the vote, since the
-- box holds no member id).
alter table votes rename column election_id to ballot_id;
alter table votes drop constraint ballots_election_id_fkey;
alter table votes add constraint votes_ballot_id_fkey foreign key (ballot_id) references ballots (id);
alter table votes add column weight int not null default 1 check (weight > 0);
alter table votes add constraint votes_channel_check check (channel in ('online', 'postal', 'in_room'));

alter table postal_papers rename column election_id to ballot_id;
alter table postal_papers drop constraint postal_papers_election_id_fkey;
alter table postal_papers add constraint postal_papers_ballot_id_fkey
  foreign key (ballot_id) references ballots (id);
alter table postal_papers rename constraint postal_papers_election_id_number_key
  to postal_papers_ballot_id_number_key;

-- A ballot invitation or reminder knows the ballot it is for.
alter table outbox rename column election_id to ballot_id;
alter table outbox drop constraint outbox_election_id_fkey;
alter table outbox add constraint outbox_ballot_id_fkey
  foreign key (ballot_id) references ballots (id) on delete set null;

-- The verifiable box.
alter table trustees rename column election_id to ballot_id;
alter table trustees drop constraint trustees_election_id_fkey;
alter table trustees add constraint trustees_ballot_id_fkey
  foreign key (ballot_id) references ballots (id);
alter table trustees rename constraint trustees_election_id_member_id_key
  to trustees_ballot_id_member_id_key;

alter table verifiable_setups rename column election_id to ballot_id;
alter table verifiable_setups drop constraint verifiable_setups_election_id_fkey;
alter table verifiable_setups add constraint verifiable_setups_ballot_id_fkey
  foreign key (ballot_id) references ballots (id);

alter table verifiable_ballots rename column election_id to ballot_id;
alter table verifiable_ballots drop constraint verifiable_ballots_election_id_fkey;
alter table verifiable_ballots add constraint verifiable_ballots_ballot_id_fkey
  foreign key (ballot_id) references ballots (id);
alter table verifiable_ballots rename constraint verifiable_ballots_election_id_tracker_key
  to verifiable_ballots_ballot_id_tracker_key;
alter index verifiable_ballots_election rename to verifiable_ballots_ballot;

alter table trustee_steps rename column election_id to ballot_id;
alter table trustee_steps drop constraint trustee_steps_election_id_fkey;
alter table trustee_steps add constraint trustee_steps_ballot_id_fkey
  foreign key (ballot_id) references ballots (id);

-- Audit rows name the ballot they are about, and keep the election where they
-- are about an election (all rows so far: every ballot was an election's).
alter table audit_log add column ballot_id bigint references ballots (id);
create index audit_log_ballot on audit_log (ballot_id);
-- The log is append-only by trigger. The backfill below only fills the new
-- column of existing rows (same ids, actions, details, times and actors), so
-- the trigger is set aside for it, inside this migration's transaction: no
-- other session can write to the log in between, and a failure rolls it all back.
alter table audit_log disable trigger audit_log_append_only;
update audit_log a set ballot_id = e.ballot_id from elections e where e.id = a.election_id;
alter table audit_log enable trigger audit_log_append_only;

-- A returning officer or scrutineer runs one election, or one ballot that
-- belongs to no election (a consultation).
alter table role_grants add column ballot_id bigint references ballots (id) on delete cascade;
alter table role_grants drop constraint role_grants_check1;
alter table role_grants add constraint role_grants_ballot_scope check (
  case when role in ('returning_officer', 'scrutineer')
    then num_nonnulls(election_id, ballot_id) = 1
    else election_id is null and ballot_id is null end
);
