import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import {
  type Countback,
  type ElectionResult,
  fillVacancy,
  queueInvitations,
  restartKeySetup,
  trusteesOf,
} from '../../db/ballots/index.ts';
import { ballotCounts, candidatesOf } from '../../db/elections/elections.ts';
import { count, freezeRoll, takeStep } from '../../db/elections/steps.ts';
import { can } from '../../org/access/index.ts';
import { type StepName, stepRefusal, steps } from '../../org/elections/stages.ts';
import { VerifiableStatus } from '../ballots/index.ts';
import type { Env, PageContext, WebDeps } from '../shell/context.ts';
import { electionFromPath } from '../shell/election-from-path.ts';
import { formatMoment, stageLabel } from '../shell/format.ts';
import { ErrorSummary } from '../shell/layout.tsx';
import { attempt } from '../shell/refusals.ts';
import { CsrfField, render } from '../shell/render.tsx';
import { requirePermission } from '../shell/security.ts';

/**
 * Running an election, for its returning officer and scrutineer: where it
 * stands, the next steps, reminders, the count, and countback when a seat
 * falls vacant. Postal entry, the audit log and the downloads are ballot
 * pages (src/web/ballots).
 */
export function manageRoutes(deps: WebDeps) {
  const app = new Hono<Env>();

  const managePage = async (
    c: PageContext,
    id: number,
    message?: { error?: string; done?: string },
  ) => {
    const election = await electionFromPath(deps, String(id));
    const actor = c.get('actor')!;
    const runs = can(actor, 'election.run', { electionId: election.id });
    const candidates = await candidatesOf(deps.db, election.id);
    const counts = await ballotCounts(deps.db, election.id);
    const state = {
      stage: election.stage,
      rollFrozen: election.roll_frozen_at !== null,
      counted: election.result !== null,
      validCandidates: candidates.filter((x) => x.status === 'valid').length,
      seats: election.seats,
    };
    const next = (Object.keys(steps) as StepName[]).filter((s) => steps[s].from === election.stage);
    // A threshold key setup under way can be started again until the ballot opens.
    const keySetupStarted =
      election.trustee_threshold !== null &&
      ['draft', 'nominations', 'candidates_published'].includes(election.stage) &&
      (await trusteesOf(deps.db, election.id)).some((t) => t.certified);
    const result = election.result as ElectionResult | null;
    return render(
      c,
      deps,
      `Run: ${election.title}`,
      <>
        <ErrorSummary errors={message?.error ? [{ field: 'steps', message: message.error }] : []} />
        {message?.done && (
          <div class="notice" role="status">
            {message.done}
          </div>
        )}
        <span class="caption">Returning officer</span>
        <h1>{election.title}</h1>
        <dl class="summary-list">
          <dt>Stage</dt>
          <dd>
            <span class="tag">{stageLabel[election.stage]}</span>
          </dd>
          <dt>Roll</dt>
          <dd>
            {election.roll_frozen_at
              ? `${(election.roll_size ?? 0).toLocaleString('en-GB')} members, frozen ${formatMoment(election.roll_frozen_at)}`
              : 'Not frozen yet'}
          </dd>
          <dt>Candidates</dt>
          <dd>
            {candidates.length} nominated, {state.validCandidates} valid
          </dd>
          <dt>Ballots returned</dt>
          <dd>
            {counts.returned.toLocaleString('en-GB')} ({counts.online} online, {counts.postal} by
            post)
          </dd>
          {result && (
            <>
              <dt>Count</dt>
              <dd>
                Elected: {result.count.elected.join(', ')} (seed {result.count.seed})
              </dd>
            </>
          )}
        </dl>
        {election.ballot_box === 'verifiable' && (
          <VerifiableStatus deps={deps} electionId={election.id} />
        )}
        {runs && (
          <div id="steps">
            {(next.length > 0 || !election.roll_frozen_at) && <h2>Next steps</h2>}
            {!election.roll_frozen_at &&
              ['draft', 'nominations', 'candidates_published'].includes(election.stage) && (
                <form method="post" action={`/elections/${election.id}/manage/freeze-roll`}>
                  <CsrfField c={c} />
                  <button class="button button-secondary" type="submit">
                    Freeze the roll
                  </button>
                </form>
              )}
            {keySetupStarted && (
              <form method="post" action={`/elections/${election.id}/manage/restart-key-setup`}>
                <CsrfField c={c} />
                <button class="button button-secondary" type="submit">
                  Start the trustees’ key setup again
                </button>
                <p class="hint">
                  Only if a trustee has lost their private key file, or was told that a share dealt
                  to them does not check out: everything the trustees have sent is discarded, and
                  each makes a new certificate.
                </p>
              </form>
            )}
            {next.map((step) => {
              const refusal = stepRefusal(step, state);
              return (
                <form method="post" action={`/elections/${election.id}/manage/${step}`}>
                  <CsrfField c={c} />
                  <button class="button" type="submit" disabled={refusal !== undefined}>
                    {steps[step].label}
                  </button>
                  {refusal && <p class="hint">{refusal}</p>}
                </form>
              );
            })}
          </div>
        )}
        {election.stage === 'closed' &&
          can(actor, 'election.count', { electionId: election.id }) && (
            <form method="post" action={`/elections/${election.id}/manage/count`}>
              <CsrfField c={c} />
              <button class="button" type="submit">
                {result ? 'Count again' : 'Count the votes'}
              </button>
            </form>
          )}
        {runs && election.stage === 'declared' && result && (
          <form method="post" action={`/elections/${election.id}/manage/vacancy`} id="vacancy">
            <CsrfField c={c} />
            <h2>A seat has fallen vacant</h2>
            <div class="field">
              <label for="vacated">Who has left the seat</label>
              <select id="vacated" name="vacated">
                {sittingMembers(result).map((name) => (
                  <option value={name}>{name}</option>
                ))}
              </select>
            </div>
            <button class="button button-secondary" type="submit">
              Fill the seat by countback
            </button>
          </form>
        )}
        <h2>More</h2>
        <ul>
          {election.stage === 'ballot' && (
            <li>
              <a href={`/elections/${election.id}/postal`}>Enter a postal ballot</a>
            </li>
          )}
          {election.roll_frozen_at && (
            <li>
              <a href={`/elections/${election.id}/postal-list`}>
                The postal list (members to send a paper ballot), CSV
              </a>
            </li>
          )}
          {can(actor, 'election.edit', { electionId: election.id }) &&
            ['draft', 'nominations'].includes(election.stage) && (
              <li>
                <a href={`/elections/${election.id}/edit`}>Change the settings</a>
              </li>
            )}
          {runs && election.roll_frozen_at && (
            <li>
              <a href={`/elections/${election.id}/postal-voters`}>
                Postal voters: bounced invitations and replacement ballots
              </a>
            </li>
          )}
          <li>
            <a href={`/elections/${election.id}/audit`}>The audit log</a>
          </li>
          <li>
            <a href={`/elections/${election.id}`}>The election page members see</a>
          </li>
        </ul>
      </>,
      message?.error ? 409 : 200,
    );
  };

  app.get('/elections/:id/manage', async (c) => {
    const election = await electionFromPath(deps, c.req.param('id'));
    const actor = requirePermission(c, 'election.view', { electionId: election.id });
    if (
      !can(actor, 'election.run', { electionId: election.id }) &&
      !can(actor, 'election.count', { electionId: election.id })
    ) {
      throw new HTTPException(403, {
        message: 'Only this election’s returning officer and scrutineer run it.',
      });
    }
    return managePage(c, election.id);
  });

  app.post('/elections/:id/manage/freeze-roll', async (c) => {
    const election = await electionFromPath(deps, c.req.param('id'));
    const actor = requirePermission(c, 'election.run', { electionId: election.id });
    const outcome = await attempt(() => freezeRoll(deps.db, election.id, actor.memberId));
    if ('refused' in outcome) return managePage(c, election.id, { error: outcome.refused.message });
    return managePage(c, election.id, {
      done: `The roll is frozen: ${outcome.ok.size.toLocaleString('en-GB')} members, ${outcome.ok.postal} by post.`,
    });
  });

  app.post('/elections/:id/manage/restart-key-setup', async (c) => {
    const election = await electionFromPath(deps, c.req.param('id'));
    const actor = requirePermission(c, 'election.run', { electionId: election.id });
    const outcome = await attempt(() => restartKeySetup(deps.db, election.id, actor.memberId));
    if ('refused' in outcome) return managePage(c, election.id, { error: outcome.refused.message });
    return managePage(c, election.id, {
      done: 'The trustees’ key setup starts again: each trustee makes a new certificate on their trustee page, and saves a new private key file.',
    });
  });

  app.post('/elections/:id/manage/remind', async (c) => {
    const election = await electionFromPath(deps, c.req.param('id'));
    const actor = requirePermission(c, 'election.run', { electionId: election.id });
    if (election.stage !== 'ballot')
      return managePage(c, election.id, { error: 'Reminders are sent while voting is open.' });
    const sent = await queueInvitations(deps.db, election.id, 'reminder', {
      baseUrl: deps.baseUrl,
      actorId: actor.memberId,
    });
    return managePage(c, election.id, {
      done: `${sent.toLocaleString('en-GB')} reminders are on their way to members who have not voted.`,
    });
  });

  app.post('/elections/:id/manage/vacancy', async (c) => {
    const election = await electionFromPath(deps, c.req.param('id'));
    const actor = requirePermission(c, 'election.run', { electionId: election.id });
    const body = await c.req.parseBody();
    const outcome = await attempt(() =>
      fillVacancy(deps.db, election.id, String(body.vacated ?? ''), actor.memberId),
    );
    if ('refused' in outcome) return managePage(c, election.id, { error: outcome.refused.message });
    const { vacated, filledBy } = outcome.ok;
    return managePage(c, election.id, {
      done: filledBy
        ? `${filledBy} takes the seat ${vacated} has left.`
        : `No candidate is left to take the seat ${vacated} has left.`,
    });
  });

  app.post('/elections/:id/manage/count', async (c) => {
    const election = await electionFromPath(deps, c.req.param('id'));
    const actor = requirePermission(c, 'election.count', { electionId: election.id });
    const outcome = await attempt(() => count(deps.db, election.id, actor.memberId));
    if ('refused' in outcome) return managePage(c, election.id, { error: outcome.refused.message });
    return managePage(c, election.id, { done: `Counted. ${outcome.ok.summary}` });
  });

  app.post('/elections/:id/manage/:step', async (c) => {
    const election = await electionFromPath(deps, c.req.param('id'));
    const actor = requirePermission(c, 'election.run', { electionId: election.id });
    const step = c.req.param('step');
    if (!(step in steps)) throw new HTTPException(404, { message: 'There is no such step.' });
    const outcome = await attempt(() =>
      takeStep(deps.db, election.id, step as StepName, actor.memberId, { baseUrl: deps.baseUrl }),
    );
    if ('refused' in outcome) return managePage(c, election.id, { error: outcome.refused.message });
    let invited = '';
    if (step === 'open-ballot' && election.online) {
      const sent = await queueInvitations(deps.db, election.id, 'invitation', {
        baseUrl: deps.baseUrl,
        actorId: actor.memberId,
      });
      invited = ` ${sent.toLocaleString('en-GB')} invitations are on their way.`;
    }
    return managePage(c, election.id, {
      done: `Done: ${steps[step as StepName].label.toLowerCase()}.${invited}`,
    });
  });

  return app;
}

/** Who holds the election's seats now, after any countbacks. */
export function sittingMembers(result: ElectionResult & { countbacks?: Countback[] }): string[] {
  const sitting = [...result.count.elected];
  for (const c of result.countbacks ?? []) {
    const at = sitting.indexOf(c.vacated);
    if (at >= 0) sitting.splice(at, 1, ...(c.filledBy ? [c.filledBy] : []));
  }
  return sitting;
}
