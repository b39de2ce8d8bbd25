import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { writeBlt } from '../../count/formats/blt-writer.ts';
import { toHtml } from '../../count/output/html.ts';
import {
  type Countback,
  castBallot,
  countReport,
  type ElectionResult,
  electionForCount,
  fillVacancy,
  postalList,
  queueInvitations,
  restartKeySetup,
  trusteesOf,
} from '../../db/ballots/index.ts';
import { auditLogOf } from '../../db/core/audit.ts';
import { ballotCounts, candidatesOf } from '../../db/elections/elections.ts';
import { count, freezeRoll, takeStep } from '../../db/elections/steps.ts';
import { memberIdByNumber } from '../../db/roll/index.ts';
import { can } from '../../org/access/index.ts';
import { type StepName, stepRefusal, steps } from '../../org/elections/stages.ts';
import { VerifiableStatus } from '../ballots/index.ts';
import type { Env, PageContext, WebDeps } from '../shell/context.ts';
import { csvDownload } from '../shell/csv.ts';
import { electionFromPath } from '../shell/election-from-path.ts';
import { formatMoment, stageLabel } from '../shell/format.ts';
import { ErrorSummary } from '../shell/layout.tsx';
import { attempt } from '../shell/refusals.ts';
import { CsrfField, render } from '../shell/render.tsx';
import { requirePermission } from '../shell/security.ts';

/** The returning officer's and scrutineer's pages: steps, postal ballots, count, audit log, downloads. */
export function electionAdminRoutes(deps: WebDeps) {
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

  app.get('/elections/:id/postal-list', async (c) => {
    const election = await electionFromPath(deps, c.req.param('id'));
    requirePermission(c, 'election.count', { electionId: election.id });
    const rows = await postalList(deps.db, election.id);
    return csvDownload(c, `election-${election.id}-postal-list.csv`, [
      ['membership_number', 'name', 'postal_address', 'reason', 'paper_number'],
      ...rows.map((r) => [
        r.membership_number,
        `${r.first_name} ${r.last_name}`,
        r.postal_address,
        postalReason(r, election.online),
        r.paper,
      ]),
    ]);
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

  // --- Postal ballots ---------------------------------------------------------------
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

  // --- Audit log --------------------------------------------------------------------
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

  // --- Downloads of a declared result ---------------------------------------------------
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

/** Why a member is on the postal list. */
export function postalReason(
  member: { email: string | null; bounced_at: Date | null },
  online: boolean,
): string {
  if (member.bounced_at) return 'email bounced';
  if (!member.email) return 'no email';
  return online ? 'asked for a paper ballot' : 'postal ballot';
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
