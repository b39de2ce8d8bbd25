import { Hono } from 'hono';
import { electionsUnderWay } from '../../db/elections/index.ts';
import { affiliateNames, branchNames, membershipOf } from '../../db/roll/index.ts';
import type { Env, WebDeps } from './context.ts';
import { duesLabel, formatDay, formatMoment, roleLabel, stageLabel } from './format.ts';
import { render } from './render.tsx';
import { requirePermission } from './security.ts';

/** The member's home page: their membership, their roles, the elections under way. */
export function homeRoutes(deps: WebDeps) {
  const app = new Hono<Env>();

  app.get('/', async (c) => {
    const actor = requirePermission(c, 'membership.view-own');
    const member = await membershipOf(deps.db, actor.memberId);
    const elections = await electionsUnderWay(deps.db);
    const branches = await branchNames(deps.db);
    const affiliates = await affiliateNames(deps.db);
    const electionTitles = new Map(elections.map((e) => [e.id, e.title]));
    const grantedRoles = actor.roles.filter((r) => r.role !== 'member');

    return render(
      c,
      deps,
      'Your membership',
      <>
        <h1>Welcome, {member.first_name}</h1>
        <h2>Your membership</h2>
        <dl class="summary-list">
          <dt>Name</dt>
          <dd>
            {member.first_name} {member.last_name}
          </dd>
          <dt>Membership number</dt>
          <dd>{member.membership_number}</dd>
          <dt>Branch</dt>
          <dd>
            {member.branch}, {member.region}
          </dd>
          <dt>Member since</dt>
          <dd>{formatDay(member.joined_on)}</dd>
          <dt>Subscriptions</dt>
          <dd>
            <span class={member.dues_status === 'paid_up' ? 'tag' : 'tag tag-warn'}>
              {duesLabel[member.dues_status]}
            </span>
            {member.paid_up_to && <> until {formatDay(member.paid_up_to)}</>}
          </dd>
        </dl>

        {grantedRoles.length > 0 && (
          <>
            <h2>Your roles</h2>
            <ul>
              {grantedRoles.map((r) => (
                <li>
                  {roleLabel[r.role]}
                  {'branchId' in r && <> of {branches.get(r.branchId)}</>}
                  {'affiliateId' in r && <> of {affiliates.get(r.affiliateId)}</>}
                  {'electionId' in r && <> for {electionTitles.get(r.electionId)}</>}
                  {r.role === 'trustee' && (
                    <>
                      {' '}
                      (<a href={`/elections/${r.electionId}/trustee`}>your trustee page</a>)
                    </>
                  )}
                </li>
              ))}
            </ul>
          </>
        )}

        <h2>Elections</h2>
        {elections.length === 0 ? (
          <p>There are no elections under way.</p>
        ) : (
          <ul>
            {elections.map((e) => (
              <li>
                <a href={`/elections/${e.id}`}>
                  <strong>{e.title}</strong>
                </a>{' '}
                ({e.seats} {e.seats === 1 ? 'seat' : 'seats'}):{' '}
                <span class="tag">{stageLabel[e.stage]}</span>
                {e.stage === 'nominations' && e.nominations_close_at && (
                  <> Nominations close {formatMoment(e.nominations_close_at)}.</>
                )}
                {e.stage === 'ballot' && e.ballot_close_at && (
                  <> Voting closes {formatMoment(e.ballot_close_at)}.</>
                )}
              </li>
            ))}
          </ul>
        )}
      </>,
    );
  });

  return app;
}
