import { Hono } from 'hono';
import { raw } from 'hono/html';
import { HTTPException } from 'hono/http-exception';
import {
  candidacyOf,
  consentToStand,
  nominationsReceived,
  saveStatement,
} from '../../db/elections/candidacy.ts';
import type { Env, PageContext, WebDeps } from '../shell/context.ts';
import { electionFromPath } from '../shell/election-from-path.ts';
import { ErrorSummary } from '../shell/layout.tsx';
import { renderStatement } from '../shell/markdown.ts';
import { CsrfField, render } from '../shell/render.tsx';
import { requirePermission } from '../shell/security.ts';

/** Longest statement a candidate may publish, in characters. */
const statementLimit = 2_000;

/**
 * A nominated member's own page: consent to stand (without consent a candidate
 * is not valid when nominations close), write a statement, see nominations.
 * Statements are written in a safe subset of Markdown (src/web/shell/markdown.ts),
 * which the candidate can preview before saving.
 */
export function candidacyRoutes(deps: WebDeps) {
  const app = new Hono<Env>();

  const mine = async (c: PageContext) => {
    const election = await electionFromPath(deps, c.req.param('id') ?? '');
    const actor = requirePermission(c, 'election.view', { electionId: election.id });
    const candidate = await candidacyOf(deps.db, election.id, actor.memberId);
    if (!candidate)
      throw new HTTPException(404, { message: 'You have not been nominated in this election.' });
    return { election, actor, candidate };
  };

  const page = async (
    c: PageContext,
    problem?: string,
    statement?: string,
    done?: string,
    preview = false,
  ) => {
    const { election, candidate } = await mine(c);
    const nominations = await nominationsReceived(deps.db, candidate.id);
    const open = election.stage === 'nominations';
    return render(
      c,
      deps,
      `${problem ? 'Error: ' : ''}Your candidacy`,
      <>
        <ErrorSummary errors={problem ? [{ field: 'statement', message: problem }] : []} />
        {done && (
          <div class="notice" role="status">
            {done}
          </div>
        )}
        <span class="caption">{election.title}</span>
        <h1>Your candidacy</h1>
        <h2>Nominations received</h2>
        <ul>
          {nominations.map((n) => (
            <li>{n.branch ?? n.affiliate}</li>
          ))}
        </ul>
        <h2>Consent</h2>
        {candidate.consented_at ? (
          <p>You have agreed to stand.</p>
        ) : open ? (
          <form method="post" action={`/elections/${election.id}/candidacy/consent`}>
            <CsrfField c={c} />
            <p>You will only be on the ballot if you agree to stand before nominations close.</p>
            <button class="button" type="submit">
              I agree to stand
            </button>
          </form>
        ) : (
          <p>You did not agree to stand before nominations closed.</p>
        )}
        <h2>Your statement</h2>
        {open ? (
          <form method="post" action={`/elections/${election.id}/candidacy/statement`} novalidate>
            <CsrfField c={c} />
            <div class={problem ? 'field field-error' : 'field'}>
              <label for="statement">What members read about you on the election page</label>
              <p class="hint" id="statement-hint">
                Up to {statementLimit.toLocaleString('en-GB')} characters. Leave a blank line
                between paragraphs. You can write *emphasis*, **bold**, lists (lines starting “- ”
                or “1. ”) and links such as [my website](https://example.org).
              </p>
              {problem && (
                <p class="error-message" id="statement-error">
                  <span class="visually-hidden">Error:</span> {problem}
                </p>
              )}
              <textarea id="statement" name="statement" rows={10} aria-describedby="statement-hint">
                {statement ?? candidate.statement}
              </textarea>
            </div>
            {preview && statement !== undefined && (
              <section class="preview" aria-labelledby="preview-heading">
                <h3 id="preview-heading">Preview: how members will see it (not saved yet)</h3>
                <div class="statement">{raw(renderStatement(statement))}</div>
              </section>
            )}
            <button class="button" type="submit" name="action" value="save">
              Save my statement
            </button>{' '}
            <button class="button button-secondary" type="submit" name="action" value="preview">
              Preview
            </button>
          </form>
        ) : candidate.statement ? (
          <div class="statement">{raw(renderStatement(candidate.statement))}</div>
        ) : (
          <p>You did not write a statement.</p>
        )}
      </>,
      problem ? 400 : 200,
    );
  };

  app.get('/elections/:id/candidacy', (c) => page(c));

  app.post('/elections/:id/candidacy/consent', async (c) => {
    const { election, actor, candidate } = await mine(c);
    if (election.stage !== 'nominations') return page(c, 'Nominations are closed.');
    await consentToStand(
      deps.db,
      { electionId: election.id, candidateId: candidate.id },
      actor.memberId,
    );
    return page(c, undefined, undefined, 'Thank you: you have agreed to stand.');
  });

  app.post('/elections/:id/candidacy/statement', async (c) => {
    const { election, actor, candidate } = await mine(c);
    const body = await c.req.parseBody();
    const statement = String(body.statement ?? '')
      .replace(/\r\n/g, '\n')
      .trim();
    if (election.stage !== 'nominations')
      return page(c, 'Nominations are closed; statements can no longer change.', statement);
    if (statement.length > statementLimit) {
      return page(
        c,
        `Your statement is ${statement.length.toLocaleString('en-GB')} characters; shorten it to ${statementLimit.toLocaleString('en-GB')}.`,
        statement,
      );
    }
    // Control characters other than line breaks have no place in a statement.
    if ([...statement].some(isControlCharacter))
      return page(
        c,
        'Your statement contains characters that cannot be shown; retype it as plain text.',
        statement,
      );
    if (body.action === 'preview') return page(c, undefined, statement, undefined, true);
    await saveStatement(
      deps.db,
      { electionId: election.id, candidateId: candidate.id, statement },
      actor.memberId,
    );
    return page(c, undefined, undefined, 'Your statement is saved.');
  });

  return app;
}

/** C0 controls and DEL, except the line break a paragraph needs. */
function isControlCharacter(ch: string): boolean {
  const code = ch.charCodeAt(0);
  return (code < 32 && code !== 10) || code === 127;
}
