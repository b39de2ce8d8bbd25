import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { sql } from 'kysely';
import type { Env, WebDeps } from '../shell/context.ts';
import { duesLabel, formatDay } from '../shell/format.ts';
import { render } from '../shell/render.tsx';
import { requirePermission } from '../shell/security.ts';

/** The administrator's overview of the roll, and a branch's roll for its officers. */
export function adminRoutes(deps: WebDeps) {
  const app = new Hono<Env>();

  app.get('/admin', async (c) => {
    requirePermission(c, 'roll.manage');
    const branches = await deps.db
      .selectFrom('branches')
      .innerJoin('regions', 'regions.id', 'branches.region_id')
      .leftJoin('members', 'members.branch_id', 'branches.id')
      .select([
        'branches.id',
        'branches.name',
        'regions.name as region',
        sql<number>`count(members.id)::int`.as('members'),
        sql<number>`count(members.id) filter (where members.dues_status = 'paid_up')::int`.as(
          'paidUp',
        ),
      ])
      .groupBy(['branches.id', 'branches.name', 'regions.name'])
      .orderBy('regions.name')
      .orderBy('branches.name')
      .execute();
    const affiliates = await deps.db.selectFrom('affiliates').selectAll().orderBy('name').execute();
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
    const branch = await deps.db
      .selectFrom('branches')
      .select('name')
      .where('id', '=', id)
      .executeTakeFirst();
    if (!branch) throw new HTTPException(404, { message: 'There is no such branch.' });
    const members = await deps.db
      .selectFrom('members')
      .select(['membership_number', 'first_name', 'last_name', 'joined_on', 'dues_status'])
      .where('branch_id', '=', id)
      .orderBy('last_name')
      .orderBy('first_name')
      .execute();
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
