import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { isMarking, markLimit } from '../../count/method-catalogue.ts';
import { castBallot, receiptIsInBox } from '../../db/ballots/index.ts';
import { candidatesOf } from '../../db/elections/index.ts';
import type { Env, PageContext, WebDeps } from '../shell/context.ts';
import { electionFromPath } from '../shell/election-from-path.ts';
import { ErrorSummary } from '../shell/layout.tsx';
import { attempt } from '../shell/refusals.ts';
import { CsrfField, render } from '../shell/render.tsx';
import { requirePermission } from '../shell/security.ts';

/**
 * Voting in a plain ballot box: the ballot, "check your vote" before it is
 * cast (a ballot is final), the receipt, and checking a receipt is in the box.
 * A verifiable ballot box's booth (verifiable.tsx) answers /vote first.
 */
export function voteRoutes(deps: WebDeps) {
  const app = new Hono<Env>();

  const ballotPage = async (c: PageContext, electionId: number, error?: string) => {
    const election = await electionFromPath(deps, String(electionId));
    const candidates = (await candidatesOf(deps.db, election.id)).filter(
      (x) => x.status === 'valid',
    );
    const marking = isMarking(election.method);
    const limit = markLimit(election.method, election.seats, candidates.length);
    return render(
      c,
      deps,
      `${error ? 'Error: ' : ''}Your ballot`,
      <>
        <ErrorSummary errors={error ? [{ field: 'marks', message: error }] : []} />
        <span class="caption">{election.title}</span>
        <h1>Your ballot</h1>
        <form method="post" action={`/elections/${election.id}/vote`} novalidate>
          <CsrfField c={c} />
          <fieldset
            class={error ? 'field field-error' : 'field'}
            id="marks"
            aria-describedby="marks-hint"
          >
            <legend>
              {marking
                ? `Vote for up to ${limit} ${limit === 1 ? 'candidate' : 'candidates'}`
                : 'Number the candidates in order of preference'}
            </legend>
            <p class="hint" id="marks-hint">
              {marking
                ? 'Tick the candidates you vote for.'
                : 'Give 1 to your first choice, 2 to your second, and so on. Number as many or as few as you like.'}
            </p>
            {error && (
              <p class="error-message">
                <span class="visually-hidden">Error:</span> {error}
              </p>
            )}
            {candidates.map((x) =>
              marking ? (
                <div class="choice">
                  <input type="checkbox" id={`c${x.id}`} name="mark" value={String(x.id)} />
                  <label for={`c${x.id}`}>{x.name}</label>
                </div>
              ) : (
                <div class="choice">
                  <select
                    id={`c${x.id}`}
                    name={`rank-${x.id}`}
                    aria-label={`Preference for ${x.name}`}
                  >
                    <option value="">–</option>
                    {candidates.map((_, i) => (
                      <option value={String(i + 1)}>{i + 1}</option>
                    ))}
                  </select>
                  <label for={`c${x.id}`} class="inline-label">
                    {x.name}
                  </label>
                </div>
              ),
            )}
          </fieldset>
          <button class="button" type="submit">
            Continue
          </button>
        </form>
      </>,
      error ? 400 : 200,
    );
  };

  /** Reads the ballot form into candidate ids in order of preference. */
  function readMarks(body: Record<string, string | File | (string | File)[]>): number[] | string {
    const ticked = body.mark ?? body['mark[]'];
    if (ticked !== undefined)
      return (Array.isArray(ticked) ? ticked : [ticked]).map((v) => Number(v));
    const ranks: [number, number][] = [];
    for (const [key, value] of Object.entries(body)) {
      const m = key.match(/^rank-(\d+)$/);
      if (m && typeof value === 'string' && value !== '') ranks.push([Number(value), Number(m[1])]);
    }
    ranks.sort((a, b) => a[0] - b[0]);
    for (const [i, [rank]] of ranks.entries()) {
      if (rank !== i + 1)
        return 'Number your preferences 1, 2, 3 and so on, without gaps or repeats.';
    }
    return ranks.map(([, id]) => id);
  }

  app.get('/elections/:id/vote', async (c) => {
    requirePermission(c, 'election.view');
    const election = await electionFromPath(deps, c.req.param('id'));
    if (election.stage !== 'ballot')
      throw new HTTPException(400, { message: 'Voting is not open for this election.' });
    return ballotPage(c, election.id);
  });

  // Check your answers: a ballot is final, so the member sees it before casting.
  app.post('/elections/:id/vote', async (c) => {
    requirePermission(c, 'election.view');
    const election = await electionFromPath(deps, c.req.param('id'));
    const marks = readMarks(await c.req.parseBody({ all: true }));
    if (typeof marks === 'string') return ballotPage(c, election.id, marks);
    if (marks.length === 0) return ballotPage(c, election.id, 'Choose at least one candidate.');
    const names = new Map((await candidatesOf(deps.db, election.id)).map((x) => [x.id, x.name]));
    const marking = isMarking(election.method);
    return render(
      c,
      deps,
      'Check your vote',
      <>
        <span class="caption">{election.title}</span>
        <h1>Check your vote</h1>
        {marking ? (
          <ul>
            {marks.map((id) => (
              <li>{names.get(id) ?? 'Unknown candidate'}</li>
            ))}
          </ul>
        ) : (
          <ol>
            {marks.map((id) => (
              <li>{names.get(id) ?? 'Unknown candidate'}</li>
            ))}
          </ol>
        )}
        <form method="post" action={`/elections/${election.id}/vote/cast`}>
          <CsrfField c={c} />
          <input type="hidden" name="marks" value={marks.join(',')} />
          <button class="button" type="submit">
            Cast my vote
          </button>
        </form>
        <p>
          <a href={`/elections/${election.id}/vote`}>Change my choices</a>
        </p>
      </>,
    );
  });

  app.post('/elections/:id/vote/cast', async (c) => {
    const actor = requirePermission(c, 'election.view');
    const election = await electionFromPath(deps, c.req.param('id'));
    const body = await c.req.parseBody();
    const marks = String(body.marks ?? '')
      .split(',')
      .filter(Boolean)
      .map(Number);
    const outcome = await attempt(() =>
      castBallot(deps.db, {
        electionId: election.id,
        memberId: actor.memberId,
        marks,
        channel: 'online',
      }),
    );
    if ('refused' in outcome) {
      c.get('log').info({ electionId: election.id }, 'vote refused');
      return outcome.refused.field === 'marks'
        ? ballotPage(c, election.id, outcome.refused.message)
        : render(
            c,
            deps,
            'Your vote was not cast',
            <>
              <h1>Your vote was not cast</h1>
              <p>{outcome.refused.message}</p>
              <p>
                <a href={`/elections/${election.id}`}>Back to the election</a>
              </p>
            </>,
            409,
          );
    }
    return render(
      c,
      deps,
      'Your vote has been cast',
      <>
        <div class="panel panel-confirm">
          <h1>Your vote has been cast</h1>
          <p>
            Your receipt code is <strong class="receipt">{outcome.ok.receipt}</strong>
          </p>
        </div>
        <p>
          Keep it to check that your ballot is in the ballot box. It shows that your ballot was
          counted in, never how you voted.
        </p>
        {election.allow_revoting && (
          <p>You can change your vote until voting closes; a new vote replaces this one.</p>
        )}
        <p>
          <a href={`/elections/${election.id}`}>Back to the election</a>
        </p>
      </>,
    );
  });

  app.get('/elections/:id/receipt', async (c) => {
    requirePermission(c, 'election.view');
    const election = await electionFromPath(deps, c.req.param('id'));
    const receipt = (c.req.query('receipt') ?? '').trim();
    const found = receipt !== '' && (await receiptIsInBox(deps.db, election.id, receipt));
    return render(
      c,
      deps,
      'Your receipt',
      <>
        <h1>{found ? 'Your ballot is in the ballot box' : 'No ballot has that receipt code'}</h1>
        {!found && (
          <p>
            Check the code and try again. If you changed your vote, only the last receipt is in the
            box.
          </p>
        )}
        <p>
          <a href={`/elections/${election.id}`}>Back to the election</a>
        </p>
      </>,
      found ? 200 : 404,
    );
  });

  return app;
}
