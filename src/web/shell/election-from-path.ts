import { HTTPException } from 'hono/http-exception';
import { findElection } from '../../db/elections/index.ts';
import type { WebDeps } from './context.ts';

/** The election named in the path, or 404. */
export async function electionFromPath(deps: WebDeps, idText: string) {
  const id = Number(idText);
  const election = Number.isSafeInteger(id) ? await findElection(deps.db, id) : undefined;
  if (!election) throw new HTTPException(404, { message: 'There is no such election.' });
  return election;
}
