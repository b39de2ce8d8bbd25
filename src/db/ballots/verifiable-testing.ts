/**
 * Test helper for verifiable elections run through src/db (not loaded by the
 * product): the declared count against the engine, and the archive against
 * both verifiers.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { Rational } from '../../count/arithmetic/rational.ts';
import { findMethod } from '../../count/methods.ts';
import { belenios, beleniosTool } from '../../crypto/testing.ts';
import { verifyArchive } from '../../crypto/verify.ts';
import type { Schema } from '../core/schema.ts';
import { count } from '../elections/steps.ts';
import { verifiableArchive } from './verifiable-archive.ts';

/**
 * Counts a verifiable STV election as the returning officer, checks that the
 * elected are those scottish-stv elects from `rankings` (candidate indices in
 * name order) and that every ballot was returned, and that the election's
 * archive passes our verifier and `belenios-tool election verify`.
 */
export async function expectCountAndArchive(
  db: Kysely<Schema>,
  electionId: number,
  officer: number,
  rankings: number[][],
  seats: number,
): Promise<void> {
  const result = await count(db, electionId, officer);
  const candidates = await db
    .selectFrom('candidates')
    .select(['name', 'groups'])
    .where('election_id', '=', electionId)
    .where('status', '=', 'valid')
    .orderBy('name')
    .orderBy('id')
    .execute();
  const expected = findMethod('scottish-stv')!.count(
    {
      title: 't',
      seats,
      candidates: candidates.map((c) => ({ name: c.name, groups: c.groups, withdrawn: false })),
      ballots: rankings.map((r) => ({ weight: Rational.of(1), ranking: r.map((c) => [c]) })),
    },
    { seats, seed: result.count.seed },
  );
  assert.deepEqual(
    result.count.elected,
    expected.elected.map((i) => candidates[i]!.name),
  );
  assert.equal(result.returned, rankings.length);

  const archive = (await verifiableArchive(db, electionId))!;
  const verification = verifyArchive(archive.bytes);
  assert.ok(verification.ok, JSON.stringify(verification.checks.filter((c) => !c.ok)));
  if (beleniosTool() !== true) return;
  const dir = mkdtempSync(join(tmpdir(), 'verifiable-db-'));
  try {
    writeFileSync(join(dir, `${archive.uuid}.bel`), archive.bytes);
    belenios(dir, ['election', 'verify', '--dir', dir]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
