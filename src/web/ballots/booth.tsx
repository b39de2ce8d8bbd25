import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { castVerifiableBallot } from '../../db/ballots/verifiable-box.ts';
import { verifiableSetup } from '../../db/ballots/verifiable-setup.ts';
import type { Env, WebDeps } from '../shell/context.ts';
import { electionFromPath } from '../shell/election-from-path.ts';
import { attempt } from '../shell/refusals.ts';
import { CsrfField, render } from '../shell/render.tsx';
import { requirePermission } from '../shell/security.ts';
import { verifiableElection } from './verifiable-election.ts';

/**
 * The booth of a verifiable election (spec 2.0 §3.2): the member's ballot is
 * encrypted in their browser (src/web/browser/booth.ts), which can audit it
 * first; the server checks it before it is kept and answers with its tracker.
 */
export function boothRoutes(deps: WebDeps) {
  const app = new Hono<Env>();

  app.get('/elections/:id/vote', async (c, next) => {
    const election = await electionFromPath(deps, c.req.param('id'));
    if (election.ballot_box !== 'verifiable') return next();
    requirePermission(c, 'election.view', { electionId: election.id });
    const setup = await verifiableSetup(deps.db, election.id);
    if (election.stage !== 'ballot' || !setup)
      throw new HTTPException(400, { message: 'Voting is not open for this election.' });
    const question = setup.election.questions[0]!;
    const marking = question.type === 'homomorphic';
    return render(
      c,
      deps,
      'Your ballot',
      <>
        <span class="caption">{election.title}</span>
        <h1>Your ballot</h1>
        <p>
          Your ballot is encrypted on this device before it is sent, so no one, not even the
          returning officer, can see how you voted; yet anyone can check that it was counted.
        </p>
        <div class="notice" id="booth-needs-script">
          Voting in this election needs JavaScript, because your vote is encrypted on your own
          device. Turn JavaScript on, or use another browser. If you cannot, ask the returning
          officer about other ways to vote.
        </div>
        <div class="error-summary" id="booth-error" tabindex={-1} role="alert" hidden>
          <h2>There is a problem</h2>
          <p id="booth-error-text" />
        </div>
        <p id="booth-status" class="status" role="status" aria-live="polite" />
        <form id="booth" data-election={setup.election_json} hidden novalidate>
          <fieldset class="field" aria-describedby="marks-hint">
            <legend>{question.question}</legend>
            <p class="hint" id="marks-hint">
              {marking
                ? 'Tick the candidates you vote for.'
                : 'Give 1 to your first choice, 2 to your second, and so on. Number as many or as few as you like.'}
            </p>
            {question.answers.map((name, position) =>
              marking ? (
                <div class="choice">
                  <input type="checkbox" id={`p${position}`} name="mark" value={String(position)} />
                  <label for={`p${position}`}>{name}</label>
                </div>
              ) : (
                <div class="choice">
                  <select
                    id={`p${position}`}
                    data-position={String(position)}
                    aria-label={`Preference for ${name}`}
                  >
                    <option value="">–</option>
                    {question.answers.map((_, i) => (
                      <option value={String(i + 1)}>{i + 1}</option>
                    ))}
                  </select>
                  <label for={`p${position}`} class="inline-label">
                    {name}
                  </label>
                </div>
              ),
            )}
          </fieldset>
          <div class="field">
            <label for="credential">Your voting credential</label>
            <p class="hint" id="credential-hint">
              From the email “Your voting credential”, in the form XXX-XXX-XXX-XXX-XXX. The link in
              that email fills it in for you.
            </p>
            <input
              type="text"
              id="credential"
              autocomplete="off"
              spellcheck={false}
              aria-describedby="credential-hint"
            />
          </div>
          <button class="button" type="submit">
            Encrypt my ballot
          </button>
        </form>
        <section id="review" hidden aria-labelledby="review-heading">
          <h2 id="review-heading" tabindex={-1}>
            Check your encrypted ballot
          </h2>
          <p>Your choices:</p>
          <ol id="review-choices" />
          <p>
            Ballot tracker: <strong class="receipt tracker" id="tracker" />
          </p>
          <p>
            Note the tracker: after you cast your ballot you can find it in the{' '}
            <a href={`/elections/${election.id}/ballot-box`}>public ballot box</a>.
          </p>
          <form id="cast" method="post" action={`/elections/${election.id}/vote/encrypted`}>
            <CsrfField c={c} />
            <input type="hidden" name="ballot" id="ballot" />
            <button class="button" type="submit">
              Cast this ballot
            </button>
          </form>
          <p>
            Or check that the encryption holds your choices. An audited ballot is set aside and you
            encrypt again to vote.
          </p>
          <button class="button button-secondary" type="button" id="audit">
            Audit this ballot instead
          </button>
          <section id="audit-result" hidden aria-labelledby="audit-heading">
            <h3 id="audit-heading" tabindex={-1}>
              Audit
            </h3>
            <p id="audit-verdict" />
            <details>
              <summary>What was revealed, to check with another tool</summary>
              <p>
                Randomness seed (SHA-256 counter mode, see src/crypto/random.ts):{' '}
                <code id="audit-seed" />
              </p>
              <p>
                Plaintext: <code id="audit-plaintext" />
              </p>
              <p>Encrypted ballot:</p>
              <pre class="wrap" id="audit-ballot" />
            </details>
          </section>
        </section>
        <script type="module" src="/assets/booth.js" />
      </>,
    );
  });

  app.post('/elections/:id/vote/encrypted', async (c) => {
    const election = await verifiableElection(deps, c.req.param('id'));
    const actor = requirePermission(c, 'election.view', { electionId: election.id });
    const body = await c.req.parseBody();
    const ballotJson = typeof body.ballot === 'string' ? body.ballot : '';
    const outcome = await attempt(() =>
      castVerifiableBallot(deps.db, {
        electionId: election.id,
        memberId: actor.memberId,
        ballotJson,
      }),
    );
    if ('refused' in outcome) {
      c.get('log').info({ electionId: election.id }, 'vote refused');
      return render(
        c,
        deps,
        'Your vote was not cast',
        <>
          <h1>Your vote was not cast</h1>
          <p>{outcome.refused.message}</p>
          <p>
            <a href={`/elections/${election.id}/vote`}>Back to your ballot</a>
          </p>
        </>,
        ballotJson === '' ? 400 : 409,
      );
    }
    const { tracker, replaced } = outcome.ok;
    return render(
      c,
      deps,
      'Your vote has been cast',
      <>
        <div class="panel panel-confirm">
          <h1>Your vote has been cast</h1>
          <p>
            Your ballot tracker is <strong class="receipt tracker">{tracker}</strong>
          </p>
        </div>
        {replaced && <p>It replaces the ballot you cast before.</p>}
        <p>
          Anyone can see that a ballot with this tracker is in the{' '}
          <a href={`/elections/${election.id}/ballot-box?tracker=${encodeURIComponent(tracker)}`}>
            public ballot box
          </a>
          ; only you know it is yours. Once the result is declared, anyone can check that every
          ballot in the box was counted, and nothing else.
        </p>
        <p>
          <a href={`/elections/${election.id}`}>Back to the election</a>
        </p>
      </>,
    );
  });

  return app;
}
