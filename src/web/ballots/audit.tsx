import { Hono } from 'hono';
import { auditLogOf } from '../../db/core/audit.ts';
import type { Env, WebDeps } from '../shell/context.ts';
import { csvDownload } from '../shell/csv.ts';
import { electionFromPath } from '../shell/election-from-path.ts';
import { formatMoment } from '../shell/format.ts';
import { render } from '../shell/render.tsx';
import { requirePermission } from '../shell/security.ts';

/** An election's audit log, for those who may audit it: every change in order, as a page or CSV. */
export function auditRoutes(deps: WebDeps) {
  const app = new Hono<Env>();

  app.get('/elections/:id/audit', async (c) => {
    const election = await electionFromPath(deps, c.req.param('id'));
    requirePermission(c, 'election.audit', { electionId: election.id });
    const entries = await auditLogOf(deps.db, election.id);
    if (c.req.query('format') === 'csv') {
      return csvDownload(c, `election-${election.id}-audit.csv`, [
        ['id', 'at', 'who', 'action', 'detail'],
        ...entries.map((e) => [
          e.id,
          e.at.toISOString(),
          e.first_name ? `${e.first_name} ${e.last_name}` : '',
          e.action,
          JSON.stringify(e.detail),
        ]),
      ]);
    }
    return render(
      c,
      deps,
      'Audit log',
      <>
        <span class="caption">{election.title}</span>
        <h1>Audit log</h1>
        <p>
          Every change to this election, in order. The log can be added to, never changed.{' '}
          <a href={`/elections/${election.id}/audit?format=csv`}>Download as CSV</a>
        </p>
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr>
                <td>{formatMoment(e.at)}</td>
                <td>{e.first_name ? `${e.first_name} ${e.last_name}` : 'System'}</td>
                <td>
                  {e.action}
                  {Object.keys(e.detail).length > 0 && (
                    <code class="detail">{JSON.stringify(e.detail)}</code>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </>,
    );
  });

  return app;
}
