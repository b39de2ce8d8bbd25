import type { Kysely } from 'kysely';
import { Refusal } from '../../core/refusal.ts';
import type { DemoOrganisation } from '../../org/demo/demo.ts';
import { demoAccounts } from '../../org/demo/demo.ts';
import { demoPastElections } from '../../org/demo/elections.ts';
import { castBallot } from '../ballots/index.ts';
import type { Schema } from '../core/schema.ts';
import { count, createElection, freezeRoll, nominate, takeStep } from '../elections/index.ts';
import { seedVerifiableDemo } from './verifiable.ts';

/**
 * Runs the demo's two past elections (src/org/demo/elections.ts) through the
 * same steps a returning officer and the members take: nominations, the frozen
 * roll, every ballot cast, close, count, declaration. Only their timetable is
 * written afterwards, since voting in the past cannot be done as it happened.
 * Then a third, with the verifiable ballot box (demo-verifiable.ts).
 */
export async function seedDemoHistory(
  db: Kysely<Schema>,
  demo: DemoOrganisation,
  today: string,
  seed: number,
) {
  const memberIds = (
    await db.selectFrom('members').select(['id', 'membership_number']).orderBy('id').execute()
  ).map((m) => m.id);
  const numbers = new Map(
    (await db.selectFrom('members').select(['id', 'membership_number']).execute()).map((m) => [
      m.id,
      m.membership_number,
    ]),
  );
  const branchIds = (await db.selectFrom('branches').select('id').orderBy('id').execute()).map(
    (b) => b.id,
  );
  const account = (email: string) => memberIds[demoAccounts.findIndex((a) => a.email === email)]!;
  const officer = account('returning.officer@party.example');
  const scrutineer = account('scrutineer@party.example');
  const secretary = account('secretary@party.example');

  for (const past of demoPastElections(demo.members, today, seed)) {
    const timetable = past.settings;
    const electionId = await createElection(
      db,
      { ...timetable, ballotCloseAt: null },
      { returningOfficerId: officer, scrutineerId: scrutineer },
      account('admin@party.example'),
    );
    await takeStep(db, electionId, 'open-nominations', officer);
    const needed =
      timetable.nominationRule && 'branches' in timetable.nominationRule
        ? timetable.nominationRule.branches
        : 1;
    const candidateIds: number[] = [];
    for (const [k, member] of past.candidates.entries()) {
      for (let n = 0; n < needed; n++) {
        const branchId = branchIds[(k * needed + n) % branchIds.length]!;
        const made = await nominate(
          db,
          { electionId, branchId, membershipNumber: numbers.get(memberIds[member]!)! },
          secretary,
        );
        if (n === 0) candidateIds.push(made.candidateId);
      }
    }
    await db
      .updateTable('candidates')
      .set({ consented_at: new Date() })
      .where('election_id', '=', electionId)
      .execute();
    for (const slate of past.slates) {
      const { id } = await db
        .insertInto('slates')
        .values({
          election_id: electionId,
          name: slate.name,
          description: slate.description,
          published_by: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('slate_candidates')
        .values(
          slate.candidates.map((c, position) => ({
            slate_id: id,
            candidate_id: candidateIds[c]!,
            position: position + 1,
          })),
        )
        .execute();
    }
    await freezeRoll(db, electionId, officer);
    await takeStep(db, electionId, 'close-nominations', officer);
    await takeStep(db, electionId, 'open-ballot', officer);
    const channels = new Map(
      (
        await db
          .selectFrom('roll_entries')
          .select(['member_id', 'channel'])
          .where('election_id', '=', electionId)
          .execute()
      ).map((r) => [r.member_id, r.channel]),
    );
    for (const ballot of past.ballots) {
      const memberId = memberIds[ballot.member]!;
      const channel = channels.get(memberId);
      if (!channel) continue; // not on the roll at the freeze date
      try {
        await castBallot(db, {
          electionId,
          memberId,
          marks: ballot.marks.map((c) => candidateIds[c]!),
          channel,
          ...(channel === 'postal' ? { enteredBy: scrutineer } : {}),
        });
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
      }
    }
    await takeStep(db, electionId, 'close-ballot', officer);
    await db
      .updateTable('elections')
      .set({ count_seed: past.countSeed })
      .where('id', '=', electionId)
      .execute();
    await count(db, electionId, scrutineer);
    await takeStep(db, electionId, 'declare', officer);
    await db
      .updateTable('elections')
      .set({ ballot_close_at: timetable.ballotCloseAt, declared_at: timetable.ballotCloseAt })
      .where('id', '=', electionId)
      .execute();
  }
  await seedVerifiableDemo(
    db,
    {
      admin: account('admin@party.example'),
      officer,
      scrutineer,
      secretary,
      trustees: [secretary, account('member@party.example')],
    },
    today,
    seed,
  );
}
