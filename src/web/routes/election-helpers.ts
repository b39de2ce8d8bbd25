import { HTTPException } from 'hono/http-exception';
import { Refusal } from '../../db/audit.ts';
import { findElection } from '../../db/elections.ts';
import type { WebDeps } from '../context.ts';

/** The election named in the path, or 404. */
export async function electionFromPath(deps: WebDeps, idText: string) {
  const id = Number(idText);
  const election = Number.isSafeInteger(id) ? await findElection(deps.db, id) : undefined;
  if (!election) throw new HTTPException(404, { message: 'There is no such election.' });
  return election;
}

/** Runs a use case; a Refusal becomes the message for the form, anything else propagates. */
export async function attempt<T>(
  work: () => Promise<T>,
): Promise<{ ok: T } | { refused: Refusal }> {
  try {
    return { ok: await work() };
  } catch (error) {
    if (error instanceof Refusal) return { refused: error };
    throw error;
  }
}

export const methodNames: Record<string, string> = {
  'block-vote': 'Block vote: vote for up to as many candidates as there are seats',
  fptp: 'First past the post: vote for one candidate',
  approval: 'Approval: vote for every candidate you approve of',
  irv: 'Preferential (instant runoff): number the candidates in order of preference',
  'fractional-droop': 'Single transferable vote: number the candidates in order of preference',
  'scottish-stv':
    'Single transferable vote (Scottish rules): number the candidates in order of preference',
  wigm: 'Single transferable vote: number the candidates in order of preference',
  meek: 'Single transferable vote (Meek): number the candidates in order of preference',
  schulze: 'Ranked (Schulze): number the candidates in order of preference',
  'ranked-pairs': 'Ranked (ranked pairs): number the candidates in order of preference',
};
