import type { Kysely } from 'kysely';
import { Refusal } from '../../core/refusal.ts';
import { isMarking } from '../../count/method-catalogue.ts';
import { findMethod } from '../../count/methods.ts';
import { audit } from '../core/audit.ts';
import type { Schema } from '../core/schema.ts';
import { type ElectionResult, electionForCount } from './count.ts';

export interface Countback {
  vacated: string;
  filledBy: string | null;
  how: string;
  at: string;
}

/**
 * Fills a seat that falls vacant after the declaration (DOMAIN.md: in 2018 "the
 * next-highest candidate took it"). For a block vote or other marking method,
 * the highest unelected candidate of the declared count takes the seat; for a
 * ranked method the ballots are counted again with the departing member
 * withdrawn, and whoever that count elects who was not elected before fills it.
 * Recorded with the result and in the audit log.
 */
export async function fillVacancy(
  db: Kysely<Schema>,
  electionId: number,
  vacated: string,
  actorId: number | null,
): Promise<Countback> {
  const election = await db
    .selectFrom('elections')
    .select(['stage', 'method', 'result', 'count_seed', 'minimums', 'seats'])
    .where('id', '=', electionId)
    .executeTakeFirst();
  if (election?.stage !== 'declared' || !election.result)
    throw new Refusal('A vacancy is filled once the result has been declared.');
  const result = election.result as ElectionResult & { countbacks?: Countback[] };
  const previous = result.countbacks ?? [];
  const sitting = new Set(result.count.elected);
  for (const c of previous) {
    sitting.delete(c.vacated);
    if (c.filledBy) sitting.add(c.filledBy);
  }
  if (!sitting.has(vacated))
    throw new Refusal(`${vacated} does not hold a seat from this election.`, 'vacated');
  const gone = new Set([...previous.map((c) => c.vacated), vacated]);

  let filledBy: string | null;
  let how: string;
  if (isMarking(election.method)) {
    const last = result.count.rounds.at(-1)!.tallies;
    const next = Object.entries(last)
      .filter(([name]) => !sitting.has(name) && !gone.has(name))
      .sort((a, b) => Number.parseFloat(b[1]) - Number.parseFloat(a[1]))[0];
    filledBy = next && Number.parseFloat(next[1]) > 0 ? next[0] : null;
    how = 'the next-highest candidate in the declared count';
  } else {
    const ballots = await electionForCount(db, electionId);
    const method = findMethod(election.method)!;
    const recount = method.count(
      {
        ...ballots,
        candidates: ballots.candidates.map((c) => ({ ...c, withdrawn: gone.has(c.name) })),
      },
      {
        seats: election.seats,
        seed: election.count_seed ?? '0',
        ...(election.minimums.length ? { minimums: election.minimums } : {}),
      },
    );
    const elected = recount.elected.map((i) => ballots.candidates[i]!.name);
    filledBy = elected.find((name) => !sitting.has(name)) ?? null;
    how = `a recount of the ballots without ${[...gone].join(', ')}`;
  }
  const countback: Countback = { vacated, filledBy, how, at: new Date().toISOString() };
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('elections')
      .set({ result: JSON.stringify({ ...result, countbacks: [...previous, countback] }) })
      .where('id', '=', electionId)
      .execute();
    await audit(trx, {
      electionId,
      actorId,
      action: 'vacancy filled by countback',
      detail: { ...countback },
    });
  });
  return countback;
}
