import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { affiliatedOrganisations } from '../../db/roll/affiliates.ts';
import { branchOverview, branchRoll } from '../../db/roll/branches.ts';
import type { Env, WebDeps } from '../shell/context.ts';
import { duesLabel, formatDay } from '../shell/format.ts';
import { render } from '../shell/render.tsx';
import { requirePermission } from '../shell/security.ts';

/** The administrator's overview of the roll, and a branch's roll for its officers. */
export function adminRoutes(deps: WebDeps) {
  const app = new Hono<Env>();

  app.get('/admin', async (c) => {
    requirePermission(c, 'roll.manage');
    const branches = await branchOverview(deps.db);
    const affiliates = await affiliatedOrganisations(deps.db);
    const total = branches.reduce((n, b) => n + b.members, 0);
    return render(
      c,
      deps,
      'Administration',
      <>
        <h1>Administration</h1>
        <p class="lead">
          {total.toLocaleString('en-GB')} members in {branches.length} branches.
        </p>
        <p>
          <a class="button" href="/elections/new">
            Create an election
          </a>{' '}
          <a class="button button-secondary" href="/admin/members/import">
            Import members
          </a>{' '}
          <a class="button button-secondary" href="/admin/members/export">
            Export members
          </a>
        </p>
        <h2>Branches</h2>
        <table>
          <caption class="visually-hidden">Branches by region, with their members</caption>
          <thead>
            <tr>
              <th scope="col">Branch</th>
              <th scope="col">Region</th>
              <th scope="col">Members</th>
              <th scope="col">Paid up</th>
            </tr>
          </thead>
          <tbody>
            {branches.map((b) => (
              <tr>
                <td>
                  <a href={`/branches/${b.id}`}>{b.name}</a>
                </td>
                <td>{b.region}</td>
                <td>{b.members}</td>
                <td>{b.paidUp}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>Affiliated organisations</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Organisation</th>
              <th scope="col">Type</th>
              <th scope="col">Affiliated membership</th>
            </tr>
          </thead>
          <tbody>
            {affiliates.map((a) => (
              <tr>
                <td>{a.name}</td>
                <td>{a.kind === 'union' ? 'Trade union' : 'Socialist society'}</td>
                <td>{a.affiliated_membership.toLocaleString('en-GB')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </>,
    );
  });

  app.get('/branches/:id', async (c) => {
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id))
      throw new HTTPException(404, { message: 'There is no such branch.' });
    requirePermission(c, 'branch.view-roll', { branchId: id });
    const branch = await branchRoll(deps.db, id);
    if (!branch) throw new HTTPException(404, { message: 'There is no such branch.' });
    const { members } = branch;
    return render(
      c,
      deps,
      `${branch.name} branch`,
      <>
        <h1>{branch.name} branch</h1>
        <p class="lead">{members.length} members</p>
        <table>
          <thead>
            <tr>
              <th scope="col">Member</th>
              <th scope="col">Number</th>
              <th scope="col">Joined</th>
              <th scope="col">Subscriptions</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr>
                <td>
                  {m.last_name}, {m.first_name}
                </td>
                <td>{m.membership_number}</td>
                <td>{formatDay(m.joined_on)}</td>
                <td>{duesLabel[m.dues_status]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </>,
    );
  });

  return app;
}
