import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { nominate, nominateFromMeeting } from '../../db/elections/nominations.ts';
import type { Env, PageContext, WebDeps } from '../shell/context.ts';
import { electionFromPath } from '../shell/election-from-path.ts';
import { ErrorSummary } from '../shell/layout.tsx';
import { attempt } from '../shell/refusals.ts';
import { CsrfField, render } from '../shell/render.tsx';
import { requirePermission } from '../shell/security.ts';
import { MembershipNumberField } from './membership-number-field.tsx';

/**
 * A branch officer records the branch's nominations: one at a time, or the
 * result of a branch meeting counted by block vote. (Affiliates and elected
 * representatives nominate through affiliate-nominations.tsx.)
 */
export function branchNominationRoutes(deps: WebDeps) {
  const app = new Hono<Env>();

  // --- Nominating (branch officers) -------------------------------------------------
  const nominationForm = async (
    c: PageContext,
    electionId: number,
    error?: { message: string },
    value = '',
    done?: string,
  ) => {
    const election = await electionFromPath(deps, String(electionId));
    return render(
      c,
      deps,
      `${error ? 'Error: ' : ''}Nominate a candidate`,
      <>
        <ErrorSummary
          errors={error ? [{ field: 'membershipNumber', message: error.message }] : []}
        />
        {done && (
          <div class="notice" role="status">
            {done}
          </div>
        )}
        <span class="caption">{election.title}</span>
        <h1>Nominate a candidate</h1>
        <p>Record a nomination your branch agreed, at a meeting or by a members’ ballot.</p>
        <form method="post" action={`/elections/${election.id}/nominate`} novalidate>
          <CsrfField c={c} />
          <MembershipNumberField value={value} error={error?.message} />
          <button class="button" type="submit">
            Record the nomination
          </button>
        </form>
        <h2>Or: the result of your branch meeting</h2>
        <p>
          If your meeting voted for up to as many members as your branch may nominate, enter each
          member voted for and their votes; grassroots counts it as a block vote and nominates the
          winners (a tie is settled by a recorded draw).
        </p>
        <form method="post" action={`/elections/${election.id}/nominate/meeting`} novalidate>
          <CsrfField c={c} />
          <div class="field">
            <label for="votes">Votes at the meeting</label>
            <p class="hint" id="votes-hint">
              One line per member: membership number, then votes. For example “L0100036 14”.
            </p>
            <textarea id="votes" name="votes" rows={6} aria-describedby="votes-hint" />
          </div>
          <button class="button button-secondary" type="submit">
            Count the meeting's votes and nominate
          </button>
        </form>
        <p>
          <a href={`/elections/${election.id}`}>Back to the election</a>
        </p>
      </>,
      error ? 400 : 200,
    );
  };

  const officerBranchFor = (c: PageContext) => {
    const actor = requirePermission(c, 'election.view');
    const branch = actor.roles.find((r) => r.role === 'branch_officer');
    if (!branch || !('branchId' in branch))
      throw new HTTPException(403, { message: 'Only branch officers record nominations.' });
    requirePermission(c, 'branch.nominate', { branchId: branch.branchId });
    return { actor, branchId: branch.branchId };
  };

  app.get('/elections/:id/nominate', async (c) => {
    officerBranchFor(c);
    const election = await electionFromPath(deps, c.req.param('id'));
    return nominationForm(c, election.id);
  });

  app.post('/elections/:id/nominate', async (c) => {
    const { actor, branchId } = officerBranchFor(c);
    const election = await electionFromPath(deps, c.req.param('id'));
    const body = await c.req.parseBody();
    const number = typeof body.membershipNumber === 'string' ? body.membershipNumber.trim() : '';
    if (!number)
      return nominationForm(c, election.id, {
        message: 'Enter the membership number of the member your branch nominates',
      });
    const outcome = await attempt(() =>
      nominate(
        deps.db,
        { electionId: election.id, branchId, membershipNumber: number },
        actor.memberId,
      ),
    );
    if ('refused' in outcome) return nominationForm(c, election.id, outcome.refused, number);
    return nominationForm(
      c,
      election.id,
      undefined,
      '',
      `Nomination of ${outcome.ok.name} recorded.`,
    );
  });

  app.post('/elections/:id/nominate/meeting', async (c) => {
    const { actor, branchId } = officerBranchFor(c);
    const election = await electionFromPath(deps, c.req.param('id'));
    const body = await c.req.parseBody();
    const votes: { membershipNumber: string; votes: number }[] = [];
    for (const [i, raw] of String(body.votes ?? '')
      .split('\n')
      .entries()) {
      const line = raw.trim();
      if (line === '') continue;
      const m = line.match(/^(\S+)[\s,]+(\d+)$/);
      if (!m) {
        return nominationForm(c, election.id, {
          message: `Line ${i + 1} (“${line}”) should be a membership number and a number of votes`,
        });
      }
      votes.push({ membershipNumber: m[1]!.toUpperCase(), votes: Number(m[2]) });
    }
    const seed = randomBytes(6).toString('hex');
    const outcome = await attempt(() =>
      nominateFromMeeting(
        deps.db,
        { electionId: election.id, branchId, votes, seed },
        actor.memberId,
      ),
    );
    if ('refused' in outcome) return nominationForm(c, election.id, outcome.refused);
    const names = outcome.ok.nominated.map((n) => n.name).join(', ');
    const draw = outcome.ok.tieBreaks > 0 ? ` A tie was settled by a draw with seed ${seed}.` : '';
    return nominationForm(c, election.id, undefined, '', `The meeting nominated ${names}.${draw}`);
  });

  return app;
}
