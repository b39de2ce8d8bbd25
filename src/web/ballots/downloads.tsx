import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { writeBlt } from '../../count/formats/blt-writer.ts';
import { toHtml } from '../../count/output/html.ts';
import { countReport, type ElectionResult, electionForCount } from '../../db/ballots/count.ts';
import type { Env, PageContext, WebDeps } from '../shell/context.ts';
import { csvDownload } from '../shell/csv.ts';
import { electionFromPath } from '../shell/election-from-path.ts';
import { requirePermission } from '../shell/security.ts';

/**
 * Downloads of a declared result, for anyone who may see the election: the
 * count as JSON, the votes as CSV, the anonymised ballots as BLT (to recount
 * with any counter) and the full count report.
 */
export function downloadRoutes(deps: WebDeps) {
  const app = new Hono<Env>();

  const declared = async (c: PageContext) => {
    const election = await electionFromPath(deps, c.req.param('id') ?? '');
    requirePermission(c, 'election.view', { electionId: election.id });
    if (election.stage !== 'declared' || !election.result) {
      throw new HTTPException(404, {
        message: 'The result of this election has not been declared yet.',
      });
    }
    return { election, result: election.result as ElectionResult };
  };

  app.get('/elections/:id/results.json', async (c) => {
    const { result } = await declared(c);
    return c.json(result);
  });

  app.get('/elections/:id/results.csv', async (c) => {
    const { election, result } = await declared(c);
    const rounds = result.count.rounds;
    const names = Object.keys(rounds[0]?.tallies ?? {});
    return csvDownload(c, `election-${election.id}-result.csv`, [
      ['candidate', ...rounds.map((r) => `round ${r.round}`), 'elected'],
      ...names.map((n) => [
        n,
        ...rounds.map((r) => r.tallies[n] ?? ''),
        result.count.elected.includes(n) ? 'yes' : 'no',
      ]),
    ]);
  });

  app.get('/elections/:id/ballots.blt', async (c) => {
    const { election } = await declared(c);
    c.header('content-disposition', `attachment; filename="election-${election.id}-ballots.blt"`);
    return c.body(writeBlt(await electionForCount(deps.db, election.id)), 200, {
      'content-type': 'text/plain; charset=utf-8',
    });
  });

  app.get('/elections/:id/report.html', async (c) => {
    const { election, result } = await declared(c);
    return c.html(toHtml(await countReport(deps.db, election.id, result.count.seed)));
  });

  return app;
}
