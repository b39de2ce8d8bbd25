-- Issue 5, remainders: affiliates and representatives nominate; bounced
-- invitations go to the postal list; replacement postal ballot papers.

-- Affiliate officers: a role scoped to one affiliated organisation, as a
-- branch officer's is to one branch.
alter table role_grants add column affiliate_id bigint references affiliates (id) on delete cascade;
alter table role_grants drop constraint role_grants_role_check;
alter table role_grants add constraint role_grants_role_check check (role in
  ('branch_officer', 'affiliate_officer', 'organiser', 'returning_officer', 'scrutineer', 'administrator'));
alter table role_grants add constraint role_grants_affiliate_scope
  check ((role = 'affiliate_officer') = (affiliate_id is not null));

-- Elected representatives (e.g. MPs), whose nominations make up the first
-- hurdle of a leadership contest.
alter table members add column representative boolean not null default false;

-- A nomination comes from exactly one branch, affiliate or representative; a
-- representative nominates one candidate per election.
alter table nominations add column representative_id bigint references members (id);
alter table nominations drop constraint nominations_check;
alter table nominations add constraint nominations_one_nominator
  check (num_nonnulls(branch_id, affiliate_id, representative_id) = 1);
alter table nominations add constraint nominations_one_per_representative
  unique (election_id, representative_id);

-- Ballot invitations that cannot be delivered. A message knows the election
-- and member it is for; a permanent refusal (SMTP 5xx, or a bounce recorded
-- by the returning officer) is never retried, and the member moves to the
-- postal list, with the reason kept.
alter table outbox add column election_id bigint references elections (id) on delete set null;
alter table outbox add column member_id bigint references members (id) on delete set null;
alter table outbox add column bounced_at timestamptz;
alter table roll_entries add column bounced_at timestamptz;

-- Postal ballot papers, each with its own number. A replacement (lost or
-- spoilt) cancels the earlier paper, so a returned original cannot be counted
-- as well; a member has at most one paper that is not cancelled.
create table postal_papers (
  id bigint generated always as identity primary key,
  election_id bigint not null references elections (id),
  member_id bigint not null references members (id),
  number text not null,
  issued_at timestamptz not null default now(),
  issued_by bigint references members (id),
  replaces bigint references postal_papers (id),
  cancelled_at timestamptz,
  cancelled_reason text,
  unique (election_id, number)
);
create unique index postal_papers_current on postal_papers (election_id, member_id)
  where cancelled_at is null;
