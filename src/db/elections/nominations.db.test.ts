import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Refusal } from '../../core/refusal.ts';
import { generateDemo } from '../../org/demo/demo.ts';
import type { NominationRule } from '../../org/elections/nomination-rules.ts';
import { runningExampleSettings } from '../../org/elections/settings.ts';
import { type TestDatabase, testDatabase, testDatabaseKind } from '../core/testing.ts';
import { seedDemo } from '../demo/seed.ts';
import { candidatesOf, createElection } from './elections.ts';
import { nominationTallies } from './nomination-tallies.ts';
import { type Nominator, nominateAs } from './nominations.ts';
import { freezeRoll, takeStep } from './steps.ts';

// DOMAIN.md: 20% of the representatives, then 5% of branches or 3 affiliates,
// 2 of them unions, together 5% of affiliated membership.
const leadership: NominationRule = {
  all: [
    { representativeShare: 0.2 },
    { any: [{ branchShare: 0.05 }, { affiliates: 3, unions: 2, membershipShare: 0.05 }] },
  ],
};

describe(`nominations by branches, affiliates and representatives (${testDatabaseKind})`, () => {
  let database: TestDatabase;
  let electionId: number;
  let officer: number;
  let numbers: string[];
  let representatives: number[];
  let branches: number[];
  let affiliates: { id: number; kind: string }[];

  before(async () => {
    database = await testDatabase();
    const db = database.db;
    await seedDemo(db, generateDemo({ seed: 11, today: '2026-11-29', members: 300 }));
    // Ten representatives in all: 20% is 2.
    const flagged = await db
      .selectFrom('members')
      .select('id')
      .where('email', 'is not', null)
      .orderBy('id')
      .offset(100)
      .limit(10)
      .execute();
    await db.updateTable('members').set({ representative: false }).execute();
    await db
      .updateTable('members')
      .set({ representative: true })
      .where(
        'id',
        'in',
        flagged.map((m) => m.id),
      )
      .execute();
    representatives = flagged.map((m) => m.id);
    numbers = (
      await db
        .selectFrom('members')
        .select('membership_number')
        .where('dues_status', '=', 'paid_up')
        .orderBy('id')
        .offset(10)
        .limit(4)
        .execute()
    ).map((m) => m.membership_number);
    branches = (await db.selectFrom('branches').select('id').orderBy('id').execute()).map(
      (b) => b.id,
    );
    affiliates = await db.selectFrom('affiliates').select(['id', 'kind']).orderBy('id').execute();
    officer = (
      await db
        .selectFrom('members')
        .select('id')
        .where('email', '=', 'returning.officer@party.example')
        .executeTakeFirstOrThrow()
    ).id;
    electionId = await createElection(
      db,
      {
        ...runningExampleSettings('2026-11-29'),
        title: 'Leader',
        seats: 1,
        method: 'irv',
        candidateMinMembershipDays: null,
        nominationRule: leadership,
      },
      { returningOfficerId: officer, scrutineerId: null },
      null,
    );
    await takeStep(db, electionId, 'open-nominations', officer);
  });
  after(() => database.close());

  const nominate = (by: Nominator, who: number) =>
    nominateAs(database.db, { electionId, by, membershipNumber: numbers[who]! }, null);

  test('a representative nominates once; a member who is not one cannot', async () => {
    await nominate({ representativeId: representatives[0]! }, 0);
    await assert.rejects(
      nominate({ representativeId: representatives[0]! }, 1),
      (e: Error) => e instanceof Refusal && /already made your nomination/.test(e.message),
    );
    const ordinary = (
      await database.db
        .selectFrom('members')
        .select('id')
        .where('representative', '=', false)
        .executeTakeFirstOrThrow()
    ).id;
    await assert.rejects(
      nominate({ representativeId: ordinary }, 1),
      (e: Error) => e instanceof Refusal && /Only elected representatives/.test(e.message),
    );
  });

  test('an affiliate nominates up to the seats, not the same member twice', async () => {
    await nominate({ affiliateId: affiliates[0]!.id }, 1);
    await assert.rejects(
      nominate({ affiliateId: affiliates[0]!.id }, 2),
      (e: Error) => e instanceof Refusal && /organisation has made all 1 of its/.test(e.message),
    );
  });

  test('the running tally and the close of nominations apply the whole leadership rule', async () => {
    const [unionA, unionB, society, society2] = affiliates;
    // 0: 1 representative so far, then another, and 2 branches: valid.
    await nominate({ representativeId: representatives[1]! }, 0);
    await nominate({ branchId: branches[0]! }, 0);
    await nominate({ branchId: branches[1]! }, 0);
    // 1: 2 representatives and 3 affiliates, 2 of them unions (union A already): valid.
    await nominate({ representativeId: representatives[2]! }, 1);
    await nominate({ representativeId: representatives[3]! }, 1);
    await nominate({ affiliateId: unionB!.id }, 1);
    await nominate({ affiliateId: society!.id }, 1);
    // 2: 1 representative and 5 branches: short of the representatives' hurdle.
    await nominate({ representativeId: representatives[4]! }, 2);
    for (const b of branches.slice(2, 7)) await nominate({ branchId: b }, 2);
    // 3: 2 representatives, 1 branch and 1 affiliate: short of the second hurdle.
    await nominate({ representativeId: representatives[5]! }, 3);
    await nominate({ representativeId: representatives[6]! }, 3);
    await nominate({ branchId: branches[7]! }, 3);
    await nominate({ affiliateId: society2!.id }, 3);
    assert.equal(unionA!.kind, 'union');

    const listed = await candidatesOf(database.db, electionId);
    const byNumber = async (n: string) =>
      (
        await database.db
          .selectFrom('candidates')
          .innerJoin('members', 'members.id', 'candidates.member_id')
          .select('candidates.id')
          .where('members.membership_number', '=', n)
          .executeTakeFirstOrThrow()
      ).id;
    const ids = await Promise.all(numbers.map(byNumber));
    const row = (k: number) => listed.find((x) => x.id === ids[k])!;
    assert.deepEqual(
      [0, 1, 2, 3].map((k) => [
        row(k).branchNominations,
        row(k).affiliateNominations,
        row(k).representativeNominations,
      ]),
      [
        [2, 0, 2],
        [0, 3, 2],
        [5, 0, 1],
        [1, 1, 2],
      ],
    );
    const tallies = await nominationTallies(database.db, electionId);
    assert.equal(tallies.get(ids[0]!)!.totalRepresentatives, 10);
    assert.equal(tallies.get(ids[0]!)!.totalBranches, 30);

    await database.db.updateTable('candidates').set({ consented_at: new Date() }).execute();
    await freezeRoll(database.db, electionId, officer);
    await takeStep(database.db, electionId, 'close-nominations', officer);
    const statuses = await database.db
      .selectFrom('candidates')
      .select(['id', 'status'])
      .where('election_id', '=', electionId)
      .execute();
    const status = (k: number) => statuses.find((s) => s.id === ids[k])!.status;
    assert.deepEqual([0, 1, 2, 3].map(status), ['valid', 'valid', 'not_valid', 'not_valid']);
  });
});
