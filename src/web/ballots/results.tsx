import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Countback, ElectionResult } from '../../db/ballots/index.ts';
import { ballotCounts } from '../../db/elections/index.ts';
import type { Env, WebDeps } from '../shell/context.ts';
import { electionFromPath } from '../shell/election-from-path.ts';
import { formatMoment } from '../shell/format.ts';
import { render } from '../shell/render.tsx';
import { requirePermission } from '../shell/security.ts';
import { ResultCharts } from './result-charts.tsx';

/** The declared result: the figures, the votes at every round, charts, and the downloads. */
export function resultRoutes(deps: WebDeps) {
  const app = new Hono<Env>();

  app.get('/elections/:id/results', async (c) => {
    requirePermission(c, 'election.view');
    const election = await electionFromPath(deps, c.req.param('id'));
    if (election.stage !== 'declared' || !election.result) {
      throw new HTTPException(404, {
        message: 'The result of this election has not been declared yet.',
      });
    }
    const result = election.result as ElectionResult;
    const counts = await ballotCounts(deps.db, election.id);
    const rounds = result.count.rounds;
    const names = Object.keys(rounds[0]?.tallies ?? {});
    return render(
      c,
      deps,
      `Result: ${election.title}`,
      <>
        <span class="caption">
          Result declared {election.declared_at ? formatMoment(election.declared_at) : ''}
        </span>
        <h1>{election.title}</h1>
        <p class="lead">{result.summary}</p>
        <dl class="summary-list">
          <dt>Ballots issued</dt>
          <dd>{counts.issued.toLocaleString('en-GB')}</dd>
          <dt>Ballots returned</dt>
          <dd>
            {result.returned.toLocaleString('en-GB')} ({result.online.toLocaleString('en-GB')}{' '}
            online, {result.postal.toLocaleString('en-GB')} by post)
          </dd>
          <dt>Spoilt</dt>
          <dd>{result.spoilt}</dd>
          <dt>Turnout</dt>
          <dd>{result.turnout}</dd>
          {result.count.quota && (
            <>
              <dt>Quota</dt>
              <dd>{result.count.quota}</dd>
            </>
          )}
          <dt>Elected, in order</dt>
          <dd>{result.count.elected.join(', ')}</dd>
        </dl>
        {(result as ElectionResult & { countbacks?: Countback[] }).countbacks?.map((cb) => (
          <p class="notice">
            {cb.vacated} left the seat on {formatMoment(new Date(cb.at))}.{' '}
            {cb.filledBy
              ? `${cb.filledBy} took it, by ${cb.how}.`
              : 'No candidate was left to take it.'}
          </p>
        ))}
        <h2>{rounds.length === 1 ? 'Votes' : 'Votes at every round'}</h2>
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Candidate</th>
                {rounds.map((r) => (
                  <th scope="col">{rounds.length === 1 ? 'Votes' : `Round ${r.round}`}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {names.map((name) => (
                <tr>
                  <th scope="row">
                    {name}
                    {result.count.elected.includes(name) && <span class="tag">Elected</span>}
                  </th>
                  {rounds.map((r) => (
                    <td>{r.tallies[name]}</td>
                  ))}
                </tr>
              ))}
              {rounds.length > 1 && (
                <tr>
                  <th scope="row">Non-transferable</th>
                  {rounds.map((r) => (
                    <td>{r.exhausted}</td>
                  ))}
                </tr>
              )}
            </tbody>
          </table>
        </div>
        <ResultCharts count={result.count} />
        <h2>Downloads</h2>
        <ul>
          <li>
            <a href={`/elections/${election.id}/results.csv`}>Votes as CSV</a>
          </li>
          <li>
            <a href={`/elections/${election.id}/results.json`}>The count as JSON</a>
          </li>
          <li>
            <a href={`/elections/${election.id}/ballots.blt`}>
              The anonymised ballots (BLT), to recount with any counter
            </a>
          </li>
          <li>
            <a href={`/elections/${election.id}/report.html`}>The full count report (HTML)</a>
          </li>
          {election.ballot_box === 'verifiable' && (
            <li>
              <a href={`/elections/${election.id}/archive.bel`}>
                The election record (Belenios archive)
              </a>
              , to <a href={`/elections/${election.id}/verify`}>verify in your browser</a> or with
              belenios-tool
            </li>
          )}
        </ul>
      </>,
    );
  });

  return app;
}
