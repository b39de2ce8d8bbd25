import { HTTPException } from 'hono/http-exception';
import type { WebDeps } from '../shell/context.ts';
import { electionFromPath } from '../shell/election-from-path.ts';

/** The election named in the path, or 404 unless it has a verifiable ballot box. */
export async function verifiableElection(deps: WebDeps, idText: string) {
  const election = await electionFromPath(deps, idText);
  if (election.ballot_box !== 'verifiable')
    throw new HTTPException(404, { message: 'This election uses the plain ballot box.' });
  return election;
}
