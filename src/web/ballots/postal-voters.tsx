import { Hono } from 'hono';
import { recordBounce } from '../../db/ballots/bounces.ts';
import {
  issuePostalPapers,
  postalList,
  postalListFigures,
  replacePostalPaper,
} from '../../db/ballots/postal-papers.ts';
import type { Env, PageContext, WebDeps } from '../shell/context.ts';
import { csvDownload } from '../shell/csv.ts';
import { electionFromPath } from '../shell/election-from-path.ts';
import { ErrorSummary } from '../shell/layout.tsx';
import { attempt } from '../shell/refusals.ts';
import { CsrfField, render } from '../shell/render.tsx';
import { requirePermission } from '../shell/security.ts';

type Problem = { field: string; message: string };

/** Reasons a returning officer may give for a replacement paper. */
const replacementReasons = {
  lost: 'Lost, or never arrived',
  spoilt: 'Spoilt',
} as const;

/**
 * The returning officer's postal list: who is on it and why (no email, or an
 * invitation that bounced), numbering the papers, recording a bounce that came
 * back later, and replacement papers for lost or spoilt ones.
 */
export function postalVoterRoutes(deps: WebDeps) {
  const app = new Hono<Env>();

  const page = async (
    c: PageContext,
    message: { problems?: Problem[]; done?: string; form?: Record<string, string> } = {},
  ) => {
    const election = await electionFromPath(deps, c.req.param('id') ?? '');
    requirePermission(c, 'election.run', { electionId: election.id });
    const problems = message.problems ?? [];
    const form = message.form ?? {};
    const problem = (field: string) => problems.find((p) => p.field === field)?.message;
    const { roll: counts, papers } = await postalListFigures(deps.db, election.id);
    const errorText = (field: string) =>
      problem(field) && (
        <p class="error-message" id={`${field}-error`}>
          <span class="visually-hidden">Error:</span> {problem(field)}
        </p>
      );
    return render(
      c,
      deps,
      `${problems.length ? 'Error: ' : ''}Postal voters`,
      <>
        <ErrorSummary errors={problems} />
        {message.done && (
          <div class="notice" role="status">
            {message.done}
          </div>
        )}
        <span class="caption">{election.title}</span>
        <h1>Postal voters</h1>
        <dl class="summary-list">
          <dt>On the postal list</dt>
          <dd>{counts.postal.toLocaleString('en-GB')}</dd>
          <dt>Without an email address</dt>
          <dd>{counts.noEmail.toLocaleString('en-GB')}</dd>
          <dt>Ballot invitations that bounced</dt>
          <dd>{counts.bounced.toLocaleString('en-GB')}</dd>
          <dt>Papers issued</dt>
          <dd>
            {papers.current.toLocaleString('en-GB')} ({papers.cancelled.toLocaleString('en-GB')}{' '}
            cancelled and replaced)
          </dd>
        </dl>
        <p>
          <a href={`/elections/${election.id}/postal-list`}>
            Download the postal list with paper numbers (CSV)
          </a>
        </p>

        <h2>Number the papers</h2>
        <p>
          Gives a numbered paper to everyone on the postal list who has none yet, including members
          whose invitation bounced since the last time.
        </p>
        <form method="post" action={`/elections/${election.id}/postal-voters/issue`} id="issue">
          <CsrfField c={c} />
          <button class="button button-secondary" type="submit">
            Issue postal papers
          </button>
        </form>

        <h2>Record a bounced invitation</h2>
        <form method="post" action={`/elections/${election.id}/postal-voters/bounce`} novalidate>
          <CsrfField c={c} />
          <div class={problem('email') ? 'field field-error' : 'field'}>
            <label for="email">Email address the invitation bounced from</label>
            <p class="hint" id="email-hint">
              The member moves to the postal list, unless they have already voted.
            </p>
            {errorText('email')}
            <input
              type="email"
              id="email"
              name="email"
              value={form.email ?? ''}
              autocomplete="off"
              aria-describedby={problem('email') ? 'email-hint email-error' : 'email-hint'}
            />
          </div>
          <button class="button button-secondary" type="submit">
            Record the bounce
          </button>
        </form>

        <h2 id="replacement">Issue a replacement ballot</h2>
        <p>
          For a postal voter whose paper was lost or spoilt. Their earlier paper is cancelled: if it
          is returned after all, it will not be counted.
        </p>
        <form method="post" action={`/elections/${election.id}/postal-voters/replace`} novalidate>
          <CsrfField c={c} />
          <div class={problem('membershipNumber') ? 'field field-error' : 'field'}>
            <label for="membershipNumber">Membership number</label>
            {errorText('membershipNumber')}
            <input
              type="text"
              id="membershipNumber"
              name="membershipNumber"
              value={form.membershipNumber ?? ''}
              {...(problem('membershipNumber')
                ? { 'aria-describedby': 'membershipNumber-error' }
                : {})}
            />
          </div>
          <fieldset class={problem('reason') ? 'field field-error' : 'field'} id="reason">
            <legend>Why a replacement is needed</legend>
            {errorText('reason')}
            {Object.entries(replacementReasons).map(([value, label]) => (
              <div class="choice">
                <input
                  type="radio"
                  id={`reason-${value}`}
                  name="reason"
                  value={value}
                  checked={form.reason === value}
                />
                <label for={`reason-${value}`}>{label}</label>
              </div>
            ))}
          </fieldset>
          <button class="button" type="submit">
            Cancel the old paper and issue a new one
          </button>
        </form>
        <p>
          <a href={`/elections/${election.id}/manage`}>Back</a>
        </p>
      </>,
      problems.length ? 400 : 200,
    );
  };

  app.get('/elections/:id/postal-voters', (c) => page(c));

  // The postal list to print and post papers from, with why each member is on it.
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

  app.post('/elections/:id/postal-voters/issue', async (c) => {
    const election = await electionFromPath(deps, c.req.param('id'));
    const actor = requirePermission(c, 'election.run', { electionId: election.id });
    const outcome = await attempt(() => issuePostalPapers(deps.db, election.id, actor.memberId));
    if ('refused' in outcome)
      return page(c, { problems: [{ field: 'issue', message: outcome.refused.message }] });
    return page(c, { done: `${outcome.ok.toLocaleString('en-GB')} postal papers issued.` });
  });

  app.post('/elections/:id/postal-voters/bounce', async (c) => {
    const election = await electionFromPath(deps, c.req.param('id'));
    const actor = requirePermission(c, 'election.run', { electionId: election.id });
    const body = await c.req.parseBody();
    const email = String(body.email ?? '').trim();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
      return page(c, {
        problems: [{ field: 'email', message: 'Enter an email address, like name@example.org' }],
        form: { email },
      });
    const outcome = await attempt(() =>
      recordBounce(deps.db, { electionId: election.id, email }, actor.memberId),
    );
    if ('refused' in outcome)
      return page(c, {
        problems: [{ field: 'email', message: outcome.refused.message }],
        form: { email },
      });
    return page(c, {
      done: outcome.ok.moved
        ? `${outcome.ok.name} is now on the postal list.`
        : `The bounce is recorded. ${outcome.ok.name} stays where they are (already voted or already on the postal list).`,
    });
  });

  app.post('/elections/:id/postal-voters/replace', async (c) => {
    const election = await electionFromPath(deps, c.req.param('id'));
    const actor = requirePermission(c, 'election.run', { electionId: election.id });
    const body = await c.req.parseBody();
    const form = {
      membershipNumber: String(body.membershipNumber ?? '').trim(),
      reason: String(body.reason ?? ''),
    };
    const problems: Problem[] = [];
    if (!form.membershipNumber)
      problems.push({ field: 'membershipNumber', message: 'Enter the membership number' });
    if (!(form.reason in replacementReasons))
      problems.push({ field: 'reason', message: 'Choose why a replacement is needed' });
    if (problems.length) return page(c, { problems, form });
    const outcome = await attempt(() =>
      replacePostalPaper(
        deps.db,
        {
          electionId: election.id,
          membershipNumber: form.membershipNumber,
          reason: form.reason as keyof typeof replacementReasons,
        },
        actor.memberId,
      ),
    );
    if ('refused' in outcome)
      return page(c, {
        problems: [
          { field: outcome.refused.field ?? 'membershipNumber', message: outcome.refused.message },
        ],
        form,
      });
    const { name, cancelled, issued } = outcome.ok;
    return page(c, {
      done: `Paper ${cancelled} is cancelled. Send ${name} the new paper ${issued}.`,
    });
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
