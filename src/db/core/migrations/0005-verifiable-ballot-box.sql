-- The verifiable ballot box (issue 6): an election may choose Belenios ballots,
-- encrypted in the voter's browser, instead of the plain box. Everything here
-- is public election data except the trustees' identities' link to keys, which
-- is public too (Belenios publishes trustees' keys); no private key, private
-- credential or plaintext vote is ever stored.

alter table elections
  add column ballot_box text not null default 'plain' check (ballot_box in ('plain', 'verifiable')),
  -- The Belenios group: 'Ed25519', 'RFC-3526-2048' or 'BELENIOS-2048'.
  add column crypto_group text,
  add constraint elections_crypto_group_check check ((ballot_box = 'verifiable') = (crypto_group is not null));

-- The trustees who hold the decryption key between them, in order. Being on
-- this list is what lets a member act as the election's trustee.
create table trustees (
  election_id bigint not null references elections (id),
  position int not null check (position >= 1),
  member_id bigint not null references members (id),
  -- Their public key with its proof of knowledge (spec 2.0 §4.7), once generated.
  public_key text,
  key_recorded_at timestamptz,
  primary key (election_id, position),
  unique (election_id, member_id)
);

-- Set up when the ballot opens: the exact published texts, as the archive holds them.
create table verifiable_setups (
  election_id bigint primary key references elections (id),
  uuid text not null unique,
  election_json text not null,
  trustees_json text not null,
  -- Public credentials only, sorted (spec 2.0 §3.1): no link to members is kept.
  credentials_json text not null,
  -- Seconds since 1970: the archive's header timestamp.
  archive_timestamp bigint not null,
  encrypted_tally text,
  tallied int,
  result_json text,
  -- The complete record (.bel), written once the result is known.
  archive bytea
);

-- Cast ballots in the order received: Belenios counts the last ballot of each
-- credential. No member id: the credential is all that signs a ballot.
create table verifiable_ballots (
  id bigint generated always as identity primary key,
  election_id bigint not null references elections (id),
  tracker text not null,
  credential text not null,
  ballot_json text not null,
  -- HMAC of the member under the election's revote key while voting is open,
  -- so a member keeps to one credential; erased at close.
  voter_link bytea,
  unique (election_id, tracker)
);
create index verifiable_ballots_election on verifiable_ballots (election_id);

-- The trustees' shuffles and partial decryptions, each checked before it is kept.
create table trustee_steps (
  election_id bigint not null references elections (id),
  kind text not null check (kind in ('shuffle', 'partial_decryption')),
  position int not null,
  payload text not null,
  recorded_at timestamptz not null default now(),
  primary key (election_id, kind, position)
);

-- A message carrying a private voting credential is erased once delivered, so
-- the server does not keep what would let it vote in a member's place.
alter table outbox add column erase_after_sending boolean not null default false;
