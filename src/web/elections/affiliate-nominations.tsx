import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { type Nominator, nominateAs } from '../../db/elections/nominations.ts';
import { affiliateName } from '../../db/roll/index.ts';
import type { Env, PageContext, WebDeps } from '../shell/context.ts';
import { electionFromPath } from '../shell/election-from-path.ts';
import { ErrorSummary } from '../shell/layout.tsx';
import { attempt } from '../shell/refusals.ts';
import { CsrfField, render } from '../shell/render.tsx';
import { requirePermission } from '../shell/security.ts';
import { MembershipNumberField } from './membership-number-field.tsx';

/**
 * Nominations from outside the branches (DOMAIN.md, "Nominations"): an
 * affiliated organisation's officer records the nominations it agreed, as a
 * branch officer does for a branch; an elected representative (e.g. an MP)
 * makes their own single nomination.
 */
export function affiliateNominationRoutes(deps: WebDeps) {
  const app = new Hono<Env>();

  type Kind = 'affiliate' | 'representative';

  /** Who is nominating, checked against the policy table. */
  const nominatorFor = async (c: PageContext, kind: Kind) => {
    const actor = requirePermission(c, 'election.view');
    if (kind === 'representative') {
      requirePermission(c, 'representative.nominate');
      return { actor, by: { representativeId: actor.memberId } as Nominator, name: 'you' };
    }
    const grant = actor.roles.find((r) => r.role === 'affiliate_officer');
    if (!grant || !('affiliateId' in grant))
      throw new HTTPException(403, {
        message: 'Only officers of an affiliated organisation record its nominations.',
      });
    requirePermission(c, 'affiliate.nominate', { affiliateId: grant.affiliateId });
    const name = await affiliateName(deps.db, grant.affiliateId);
    return { actor, by: { affiliateId: grant.affiliateId } as Nominator, name };
  };

  const form = async (
    c: PageContext,
    kind: Kind,
    message: { error?: string; done?: string; value?: string } = {},
  ) => {
    const election = await electionFromPath(deps, c.req.param('id') ?? '');
    const { name } = await nominatorFor(c, kind);
    const { error, done } = message;
    return render(
      c,
      deps,
      `${error ? 'Error: ' : ''}Nominate a candidate`,
      <>
        <ErrorSummary errors={error ? [{ field: 'membershipNumber', message: error }] : []} />
        {done && (
          <div class="notice" role="status">
            {done}
          </div>
        )}
        <span class="caption">{election.title}</span>
        <h1>Nominate a candidate</h1>
        {kind === 'affiliate' ? (
          <p>Record a nomination {name} agreed, by its executive or a ballot of its members.</p>
        ) : (
          <p>As an elected representative you nominate one candidate. It cannot be changed.</p>
        )}
        <form method="post" action={`/elections/${election.id}/nominate/${kind}`} novalidate>
          <CsrfField c={c} />
          <MembershipNumberField value={message.value ?? ''} error={error} />
          <button class="button" type="submit">
            Record the nomination
          </button>
        </form>
        <p>
          <a href={`/elections/${election.id}`}>Back to the election</a>
        </p>
      </>,
      error ? 400 : 200,
    );
  };

  for (const kind of ['affiliate', 'representative'] as const) {
    app.get(`/elections/:id/nominate/${kind}`, (c) => form(c, kind));

    app.post(`/elections/:id/nominate/${kind}`, async (c) => {
      const election = await electionFromPath(deps, c.req.param('id'));
      const { actor, by } = await nominatorFor(c, kind);
      const body = await c.req.parseBody();
      const number = typeof body.membershipNumber === 'string' ? body.membershipNumber.trim() : '';
      if (!number)
        return form(c, kind, { error: 'Enter the membership number of the member nominated' });
      const outcome = await attempt(() =>
        nominateAs(
          deps.db,
          { electionId: election.id, by, membershipNumber: number },
          actor.memberId,
        ),
      );
      if ('refused' in outcome)
        return form(c, kind, { error: outcome.refused.message, value: number });
      return form(c, kind, { done: `Nomination of ${outcome.ok.name} recorded.` });
    });
  }

  return app;
}
