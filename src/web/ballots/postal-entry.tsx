import { Hono } from 'hono';
import { castBallot } from '../../db/ballots/voting.ts';
import { candidatesOf } from '../../db/elections/index.ts';
import { memberIdByNumber } from '../../db/roll/index.ts';
import type { Env, PageContext, WebDeps } from '../shell/context.ts';
import { electionFromPath } from '../shell/election-from-path.ts';
import { ErrorSummary } from '../shell/layout.tsx';
import { attempt } from '../shell/refusals.ts';
import { CsrfField, render } from '../shell/render.tsx';
import { requirePermission } from '../shell/security.ts';

/**
 * Entering a returned postal ballot, for the scrutineer or returning officer:
 * the member's number from the envelope, the paper's number, and the marks by
 * the candidates' numbers on the paper.
 */
export function postalEntryRoutes(deps: WebDeps) {
  const app = new Hono<Env>();

  const postalPage = async (
    c: PageContext,
    id: number,
    message?: { error?: string; field?: string; done?: string },
  ) => {
    const election = await electionFromPath(deps, String(id));
    const candidates = (await candidatesOf(deps.db, election.id)).filter(
      (x) => x.status === 'valid',
    );
    const field = message?.field ?? 'membershipNumber';
    const errorAt = (name: string) =>
      message?.error && field === name ? (
        <p class="error-message" id={`${name}-error`}>
          <span class="visually-hidden">Error:</span> {message.error}
        </p>
      ) : null;
    const fieldClass = (name: string) =>
      message?.error && field === name ? 'field field-error' : 'field';
    return render(
      c,
      deps,
      `${message?.error ? 'Error: ' : ''}Enter a postal ballot`,
      <>
        <ErrorSummary errors={message?.error ? [{ field, message: message.error }] : []} />
        {message?.done && (
          <div class="notice" role="status">
            {message.done}
          </div>
        )}
        <span class="caption">{election.title}</span>
        <h1>Enter a postal ballot</h1>
        <form method="post" action={`/elections/${election.id}/postal`} novalidate>
          <CsrfField c={c} />
          <div class={fieldClass('membershipNumber')}>
            <label for="membershipNumber">Membership number on the return envelope</label>
            {errorAt('membershipNumber')}
            <input type="text" id="membershipNumber" name="membershipNumber" />
          </div>
          <div class={fieldClass('paperNumber')}>
            <label for="paperNumber">Ballot paper number</label>
            <p class="hint" id="paperNumber-hint">
              Printed on the paper, for example “K7QM-3XHA”. A cancelled (replaced) paper is
              refused.
            </p>
            {errorAt('paperNumber')}
            <input
              type="text"
              id="paperNumber"
              name="paperNumber"
              autocomplete="off"
              aria-describedby="paperNumber-hint"
            />
          </div>
          <div class={fieldClass('preferences')}>
            <label for="preferences">Candidates marked, in order, by number on the paper</label>
            <p class="hint" id="preferences-hint">
              Separated by spaces, for example “2 5 1”. The paper lists:{' '}
              {candidates.map((x, i) => `${i + 1} ${x.name}`).join('; ')}.
            </p>
            {errorAt('preferences')}
            <input
              type="text"
              id="preferences"
              name="preferences"
              aria-describedby="preferences-hint"
            />
          </div>
          <button class="button" type="submit">
            Enter the ballot
          </button>
        </form>
        <p>
          <a href={`/elections/${election.id}/manage`}>Back</a>
        </p>
      </>,
      message?.error ? 400 : 200,
    );
  };

  app.get('/elections/:id/postal', async (c) => {
    const election = await electionFromPath(deps, c.req.param('id'));
    requirePermission(c, 'election.count', { electionId: election.id });
    return postalPage(c, election.id);
  });

  app.post('/elections/:id/postal', async (c) => {
    const election = await electionFromPath(deps, c.req.param('id'));
    const actor = requirePermission(c, 'election.count', { electionId: election.id });
    const body = await c.req.parseBody();
    const number = String(body.membershipNumber ?? '')
      .trim()
      .toUpperCase();
    const memberId = await memberIdByNumber(deps.db, number);
    if (memberId === undefined)
      return postalPage(c, election.id, {
        error: 'There is no member with that membership number.',
      });
    const candidates = (await candidatesOf(deps.db, election.id)).filter(
      (x) => x.status === 'valid',
    );
    const positions = String(body.preferences ?? '')
      .trim()
      .split(/[\s,]+/)
      .filter(Boolean);
    const marks = positions.map((p) => candidates[Number(p) - 1]?.id ?? -1);
    if (positions.some((p) => !/^\d+$/.test(p)) || marks.includes(-1)) {
      return postalPage(c, election.id, {
        error: `Use the numbers 1 to ${candidates.length} printed on the paper.`,
        field: 'preferences',
      });
    }
    const outcome = await attempt(() =>
      castBallot(deps.db, {
        electionId: election.id,
        memberId,
        marks,
        channel: 'postal',
        enteredBy: actor.memberId,
        paperNumber: String(body.paperNumber ?? ''),
      }),
    );
    if ('refused' in outcome) {
      const { message, field } = outcome.refused;
      return postalPage(c, election.id, {
        error: message,
        field: field === 'marks' ? 'preferences' : (field ?? 'membershipNumber'),
      });
    }
    return postalPage(c, election.id, {
      done: outcome.ok.replaced
        ? 'Postal ballot entered; it replaces the member’s online vote.'
        : 'Postal ballot entered.',
    });
  });

  return app;
}
