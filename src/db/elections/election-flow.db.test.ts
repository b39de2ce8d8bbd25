import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Refusal } from '../../core/refusal.ts';
import { generateDemo } from '../../org/demo/demo.ts';
import { runningExampleSettings } from '../../org/elections/settings.ts';
import { castBallot, receiptIsInBox } from '../ballots/voting.ts';
import { type TestDatabase, testDatabase, testDatabaseKind } from '../core/testing.ts';
import { seedDemo } from '../demo/seed.ts';
import { createElection, findElection } from './elections.ts';
import { nominate } from './nominations.ts';
import { count, freezeRoll, takeStep } from './steps.ts';

describe(`an election from roll to result (${testDatabaseKind})`, () => {
  let database: TestDatabase;
  let electionId: number;
  let officer: number;
  const members = new Map<string, number>();
  const ids = async (
    where: (m: { email: string | null; joined_on: string; dues_status: string }) => boolean,
  ) =>
    (
      await database.db
        .selectFrom('members')
        .select(['id', 'email', 'joined_on', 'dues_status', 'membership_number'])
        .orderBy('id')
        .execute()
    ).filter(where);

  before(async () => {
    database = await testDatabase();
    await seedDemo(database.db, generateDemo({ seed: 11, today: '2026-11-29', members: 300 }));
    for (const m of await ids(() => true)) if (m.email) members.set(m.email, m.id);
    officer = members.get('returning.officer@party.example')!;
    electionId = await createElection(
      database.db,
      {
        ...runningExampleSettings('2026-11-29'),
        title: 'Treasurer and two trustees',
        seats: 3,
        method: 'block-vote',
        nominationRule: { branches: 2 },
        allowRevoting: true,
        postal: true,
      },
      { returningOfficerId: officer, scrutineerId: members.get('scrutineer@party.example')! },
      members.get('admin@party.example')!,
    );
    await takeStep(database.db, electionId, 'open-nominations', officer);
  });
  after(() => database.close());

  const refused = async (promise: Promise<unknown>, pattern: RegExp) =>
    assert.rejects(promise, (e: Error) => e instanceof Refusal && pattern.test(e.message));

  let candidates: number[] = [];
  test('branches nominate up to the seats; the threshold and consent decide who is valid', async () => {
    const numbers = (
      await ids((m) => m.dues_status === 'paid_up' && m.joined_on < '2024-01-01')
    ).slice(10, 15);
    const [a, b, c, d, e] = numbers.map(
      (m) => (m as unknown as { membership_number: string }).membership_number,
    );
    const branches = (
      await database.db.selectFrom('branches').select('id').orderBy('id').execute()
    ).map((r) => r.id);
    // a and b: two branches each; c: one; d: none.
    for (const [branch, who] of [
      [branches[0]!, a!],
      [branches[1]!, a!],
      [branches[0]!, b!],
      [branches[1]!, b!],
      [branches[2]!, c!],
      [branches[0]!, c!],
    ] as const) {
      await nominate(database.db, { electionId, branchId: branch, membershipNumber: who }, officer);
    }
    await refused(
      nominate(database.db, { electionId, branchId: branches[0]!, membershipNumber: d! }, officer),
      /all 3 of its nominations/,
    );
    await refused(
      nominate(database.db, { electionId, branchId: branches[2]!, membershipNumber: c! }, officer),
      /already nominated/,
    );
    await refused(
      nominate(
        database.db,
        { electionId, branchId: branches[3]!, membershipNumber: 'L9999999' },
        officer,
      ),
      /no member with that/,
    );
    // e has two branches but never agrees to stand.
    await nominate(
      database.db,
      { electionId, branchId: branches[3]!, membershipNumber: e! },
      officer,
    );
    await nominate(
      database.db,
      { electionId, branchId: branches[4]!, membershipNumber: e! },
      officer,
    );
    const consenting = numbers.slice(0, 3).map((m) => m.id);
    await database.db
      .updateTable('candidates')
      .set({ consented_at: new Date() })
      .where('member_id', 'in', consenting)
      .execute();
    await freezeRoll(database.db, electionId, officer);
    await takeStep(database.db, electionId, 'close-nominations', officer);
    await refused(
      nominate(database.db, { electionId, branchId: branches[3]!, membershipNumber: d! }, officer),
      /Nominations are closed/,
    );
    const rows = await database.db
      .selectFrom('candidates')
      .select(['id', 'status'])
      .where('election_id', '=', electionId)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      rows.map((r) => r.status),
      ['valid', 'valid', 'valid', 'not_valid'],
    );
    candidates = rows.slice(0, 3).map((r) => r.id);
  });

  test('the roll is frozen at the eligibility dates, and its size recorded', async () => {
    const election = (await findElection(database.db, electionId))!;
    const onRoll = await database.db
      .selectFrom('roll_entries')
      .select('member_id')
      .where('election_id', '=', electionId)
      .execute();
    assert.equal(election.roll_size, onRoll.length);
    const lapsed = await ids((m) => m.dues_status === 'lapsed');
    const rolled = new Set(onRoll.map((r) => r.member_id));
    assert.ok(
      lapsed.length > 0 && lapsed.every((m) => !rolled.has(m.id)),
      'no lapsed member is on the roll',
    );
    await refused(freezeRoll(database.db, electionId, officer), /already frozen/);
  });

  test('members vote once; a second vote, a vote off the roll and a bad ballot are refused', async () => {
    await takeStep(database.db, electionId, 'open-ballot', officer);
    const [a, b, c] = candidates;
    const member = members.get('member@party.example')!;
    const first = await castBallot(database.db, {
      electionId,
      memberId: member,
      marks: [a!, b!],
      channel: 'online',
    });
    assert.match(first.receipt, /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    assert.equal(await receiptIsInBox(database.db, electionId, first.receipt), true);
    await refused(
      castBallot(database.db, {
        electionId,
        memberId: members.get('secretary@party.example')!,
        marks: [a!, b!, c!, a!],
        channel: 'online',
      }),
      /more than once/,
    );
    await refused(
      castBallot(database.db, {
        electionId,
        memberId: members.get('secretary@party.example')!,
        marks: [],
        channel: 'online',
      }),
      /at least one/,
    );
    await castBallot(database.db, {
      electionId,
      memberId: members.get('secretary@party.example')!,
      marks: [a!, c!],
      channel: 'online',
    });
    await castBallot(database.db, {
      electionId,
      memberId: members.get('organiser@party.example')!,
      marks: [b!],
      channel: 'online',
    });

    // Re-voting is allowed here: the new ballot replaces the old; the old receipt is gone.
    const again = await castBallot(database.db, {
      electionId,
      memberId: member,
      marks: [c!],
      channel: 'online',
    });
    assert.equal(again.replaced, true);
    assert.equal(await receiptIsInBox(database.db, electionId, first.receipt), false);
    // A postal ballot replaces an online one (postal wins); after that, online is refused.
    await castBallot(database.db, {
      electionId,
      memberId: member,
      marks: [a!, c!],
      channel: 'postal',
      enteredBy: officer,
    });
    await refused(
      castBallot(database.db, { electionId, memberId: member, marks: [b!], channel: 'online' }),
      /postal ballot/,
    );

    const offRoll = (await ids((m) => m.dues_status === 'lapsed'))[0]!;
    await refused(
      castBallot(database.db, { electionId, memberId: offRoll.id, marks: [a!], channel: 'online' }),
      /not on the roll/,
    );
    const log = await database.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('election_id', '=', electionId)
      .execute();
    assert.ok(
      log.some(
        (l) => l.action === 'vote refused' && /not on the roll/.test(String(l.detail.reason)),
      ),
    );
    assert.equal(
      (
        await database.db
          .selectFrom('ballots')
          .select('id')
          .where('election_id', '=', electionId)
          .execute()
      ).length,
      3,
    );
  });

  test('closing seals the box: no links, no key, no way to vote', async () => {
    await takeStep(database.db, electionId, 'close-ballot', officer);
    const election = (await findElection(database.db, electionId))!;
    assert.equal(election.revote_key, null);
    const links = await database.db
      .selectFrom('ballots')
      .select('revote_link')
      .where('election_id', '=', electionId)
      .execute();
    assert.ok(links.every((l) => l.revote_link === null));
    await refused(
      castBallot(database.db, {
        electionId,
        memberId: members.get('admin@party.example')!,
        marks: [candidates[0]!],
        channel: 'online',
      }),
      /not open/,
    );
  });

  test('the count gives the result worked out by hand, and declaring publishes it', async () => {
    await refused(takeStep(database.db, electionId, 'declare', officer), /Count the votes/);
    const result = await count(database.db, electionId, officer);
    // Ballots: {a, c} (postal), {a, c}, {b}: a 2, b 1, c 2; all three elected, a and c first.
    const names = await database.db
      .selectFrom('candidates')
      .select(['id', 'name'])
      .where('election_id', '=', electionId)
      .execute();
    const name = (id: number) => names.find((n) => n.id === id)!.name;
    const [a, b, c] = candidates.map(name);
    assert.deepEqual(result.count.rounds[0]!.tallies, { [a!]: '2', [b!]: '1', [c!]: '2' });
    assert.deepEqual(new Set(result.count.elected), new Set([a, b, c]));
    assert.equal(result.returned, 3);
    assert.equal(result.postal, 1);
    await takeStep(database.db, electionId, 'declare', officer);
    assert.equal((await findElection(database.db, electionId))!.stage, 'declared');
    await assert.rejects(database.db.deleteFrom('audit_log').execute(), /append-only/);
  });
});
