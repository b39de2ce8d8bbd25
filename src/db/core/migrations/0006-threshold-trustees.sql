-- Threshold trustees (Belenios spec 2.0 §3.1.1, §4.6): a verifiable election
-- may need only k of its n trustees to decrypt. The trustees then make the
-- election key together in three rounds (certificates, polynomials, checked
-- shares), each step kept here as the public message it is; the threshold
-- parameters (the "Pedersen" item of trustees.json) follow from them.

-- How many trustees must take part in decryption; null: every trustee, each
-- with a "Single" key of their own (the behaviour before threshold trustees).
alter table elections
  add column trustee_threshold int check (trustee_threshold >= 1);

-- The key setup's messages: a trustee's certificate (§4.6.2), polynomial
-- (§4.6.4: public commitments and shares encrypted for each trustee) and
-- voutput (§4.6.6: its verification key and its own encrypted share).
alter table trustee_steps drop constraint trustee_steps_kind_check;
alter table trustee_steps add constraint trustee_steps_kind_check check (kind in
  ('certificate', 'polynomial', 'voutput', 'shuffle', 'partial_decryption'));

-- The order steps were recorded in: threshold trustees shuffle in the order
-- they come, not in the order of their positions, and each shuffle takes the
-- one before as its input.
alter table trustee_steps add column seq bigint generated always as identity;
