-- Ballot invitations: a sign-in link can lead straight to a page (the ballot)
-- and live until voting closes; the outbox doubles as the delivery queue.
alter table sign_in_links add column next_path text check (next_path like '/%' and next_path not like '//%');
alter table outbox add column attempts int not null default 0;
alter table outbox add column last_error text;
create index outbox_unsent on outbox (id) where sent_at is null;
alter table outbox add column claimed_at timestamptz;
