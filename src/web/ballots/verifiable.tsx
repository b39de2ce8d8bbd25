import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import {
  ballotTrackers,
  castVerifiableBallot,
  recordKeySetupStep,
  recordPartialDecryption,
  recordShuffle,
  recordTrusteeKey,
  trusteesOf,
  trusteeTask,
  verifiableArchive,
  verifiableSetup,
} from '../../db/ballots/verifiable.ts';
import { bundle, bundleNames } from '../shell/bundles.ts';
import type { Env, PageContext, WebDeps } from '../shell/context.ts';
import { electionFromPath } from '../shell/election-from-path.ts';
import { attempt } from '../shell/refusals.ts';
import { CsrfField, render } from '../shell/render.tsx';
import { requirePermission } from '../shell/security.ts';

/**
 * Shown once the browser has made a trustee's key and started its download:
 * a link to download it again, then the button that sends the public part.
 */
function KeyMade({ electionId, sends }: { electionId: string | number; sends: string }) {
  return (
    <div id="key-made" hidden>
      <p>
        If the download did not start,{' '}
        <a id="download-again" href={`/elections/${electionId}/trustee`}>
          download your private key file
        </a>
        .
      </p>
      <button class="button" type="submit">
        I have saved my private key: send {sends}
      </button>
    </div>
  );
}

/**
 * The pages of a verifiable election (issue 6): the booth, the public ballot
 * box, the election record and its verifier, and the trustees' page. The
 * ballot box, the record and the verifier are public, as in Belenios: anyone,
 * signed in or not, may check an election.
 */
export function verifiableRoutes(deps: WebDeps) {
  const app = new Hono<Env>();

  app.get('/assets/:file{[a-z-]+\\.js}', async (c) => {
    const name = c.req.param('file').replace(/\.js$/, '');
    if (!(bundleNames as readonly string[]).includes(name)) return c.notFound();
    c.header('content-type', 'text/javascript; charset=utf-8');
    c.header('cache-control', 'no-cache');
    return c.body(await bundle(name as (typeof bundleNames)[number]));
  });

  const verifiableElection = async (idText: string) => {
    const election = await electionFromPath(deps, idText);
    if (election.ballot_box !== 'verifiable')
      throw new HTTPException(404, { message: 'This election uses the plain ballot box.' });
    return election;
  };

  // --- The booth ----------------------------------------------------------------
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
    const election = await verifiableElection(c.req.param('id'));
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

  // --- The public record ---------------------------------------------------------
  app.get('/elections/:id/ballot-box', async (c) => {
    const election = await verifiableElection(c.req.param('id'));
    const setup = await verifiableSetup(deps.db, election.id);
    const trackers = await ballotTrackers(deps.db, election.id);
    const sought = (c.req.query('tracker') ?? '').trim();
    const found = sought !== '' && trackers.includes(sought);
    return render(
      c,
      deps,
      'Ballot box',
      <>
        <span class="caption">{election.title}</span>
        <h1>Ballot box</h1>
        {setup ? (
          <p>
            Election fingerprint <code>{setup.election.fingerprint}</code>, in the{' '}
            {setup.election.group.name} group. {trackers.length.toLocaleString('en-GB')}{' '}
            {trackers.length === 1 ? 'ballot has' : 'ballots have'} been cast
            {election.allow_revoting ? ' (where a member voted again, the last ballot counts)' : ''}
            .
          </p>
        ) : (
          <p>The ballot box opens when voting opens.</p>
        )}
        <form method="get" action={`/elections/${election.id}/ballot-box`} class="field">
          <label for="tracker">Find your ballot tracker</label>
          <input type="text" id="tracker" name="tracker" value={sought} spellcheck={false} />
          <button class="button" type="submit">
            Find
          </button>
        </form>
        {sought !== '' && (
          <p role="status" class={found ? 'notice' : 'error-message'}>
            {found
              ? `Your ballot ${sought} is in the ballot box.`
              : 'No ballot in the box has that tracker. Check it and try again.'}
          </p>
        )}
        <p>
          <a href={`/elections/${election.id}/verify`}>Verify this election yourself</a>
          {' · '}
          {setup && <a href={`/elections/${election.id}/election.json`}>election.json</a>}
        </p>
        {trackers.length > 0 && (
          <details>
            <summary>Every ballot tracker, in the order cast</summary>
            <ol class="trackers">
              {trackers.map((t) => (
                <li>
                  <code>{t}</code>
                </li>
              ))}
            </ol>
          </details>
        )}
      </>,
      sought !== '' && !found ? 404 : 200,
    );
  });

  app.get('/elections/:id/election.json', async (c) => {
    const election = await verifiableElection(c.req.param('id'));
    const setup = await verifiableSetup(deps.db, election.id);
    if (!setup) throw new HTTPException(404, { message: 'Voting has not opened yet.' });
    c.header('content-type', 'application/json');
    return c.body(setup.election_json);
  });

  app.get('/elections/:id/archive.bel', async (c) => {
    const election = await verifiableElection(c.req.param('id'));
    const archive = await verifiableArchive(deps.db, election.id);
    if (!archive)
      throw new HTTPException(404, {
        message: 'The election record is published once the trustees have decrypted the tally.',
      });
    c.header('content-type', 'application/x-tar');
    c.header('content-disposition', `attachment; filename="${archive.uuid}.bel"`);
    return c.body(archive.bytes as Uint8Array<ArrayBuffer>);
  });

  app.get('/elections/:id/verify', async (c) => {
    const election = await verifiableElection(c.req.param('id'));
    const archive = await verifiableArchive(deps.db, election.id);
    return render(
      c,
      deps,
      'Verify the election',
      <>
        <span class="caption">{election.title}</span>
        <h1>Verify the election</h1>
        <p>
          This runs every check of the Belenios protocol on the election record in your browser:
          each ballot’s proofs and signature, the encrypted tally, the trustees’ shuffles and
          decryptions, and the result. Nothing the server says is taken on trust.
        </p>
        {archive ? (
          <>
            <p>
              You can also download the{' '}
              <a href={`/elections/${election.id}/archive.bel`}>
                election record ({archive.uuid}.bel)
              </a>{' '}
              and check it with <code>belenios-tool election verify</code> or{' '}
              <code>bin/grassroots verify</code>.
            </p>
            <div class="notice" id="verify-needs-script">
              The verifier in this page needs JavaScript.
            </div>
            <div id="verifier" hidden>
              <button
                class="button"
                type="button"
                id="verify"
                data-archive={`/elections/${election.id}/archive.bel`}
              >
                Verify the election
              </button>
              <p id="verify-status" role="status" aria-live="polite" />
              <progress id="verify-progress" max={8} value={0} hidden aria-label="Verification" />
              <ol id="verify-checks" />
            </div>
            <script type="module" src="/assets/verify.js" />
          </>
        ) : (
          <p>The election record is published once the trustees have decrypted the tally.</p>
        )}
      </>,
    );
  });

  // --- Trustees ------------------------------------------------------------------
  const trusteePage = async (
    c: PageContext,
    electionId: number,
    message?: { error?: string; done?: string },
  ) => {
    const election = await verifiableElection(String(electionId));
    const actor = requirePermission(c, 'election.trustee', { electionId });
    const task = await trusteeTask(deps.db, electionId, actor.memberId);
    const trustees = await trusteesOf(deps.db, electionId);
    const mine = trustees.find((t) => t.member_id === actor.memberId);
    const publicKey = mine?.public_key
      ? (JSON.parse(mine.public_key) as { public_key: string }).public_key
      : '';
    const threshold = election.trustee_threshold;
    const browserTasks = ['key', 'certificate', 'polynomial', 'voutput', 'shuffle', 'decrypt'];
    const round = { certificate: 1, polynomial: 2, voutput: 3 }[task.task as string];
    const keyFileInput = (
      <div class="field">
        <label for="private-key">Your private key file</label>
        <p class="hint" id="private-key-hint">
          The file you saved when you made your certificate:{' '}
          <code>{`trustee-${task.position}-election-${electionId}.key`}</code>. It is read on this
          device only.
        </p>
        <input type="file" id="private-key" aria-describedby="private-key-hint" />
      </div>
    );
    return render(
      c,
      deps,
      `${message?.error ? 'Error: ' : ''}Trustee`,
      <>
        <span class="caption">{election.title}</span>
        <h1>You are trustee {task.position}</h1>
        {threshold === null ? (
          <p>
            Trustees hold the key that decrypts the result between them: no vote can be decrypted
            unless every trustee takes part. Everything on this page runs in your browser; your
            private key never leaves your device.
          </p>
        ) : (
          <>
            <p>
              Trustees hold the key that decrypts the result between them: any {threshold} of the{' '}
              {trustees.length} trustees can decrypt it together, and fewer cannot read a vote.
              Everything on this page runs in your browser; your private key never leaves your
              device.
            </p>
            {['draft', 'nominations', 'candidates_published'].includes(election.stage) && (
              <p>
                Before voting opens, the trustees make the election key together in three rounds:
                each makes their certificate; then each makes a polynomial that deals a secret share
                to every trustee; then each checks the shares they were dealt. Each round starts
                when every trustee has finished the one before.
              </p>
            )}
          </>
        )}
        {message?.error && (
          <div class="error-summary" role="alert">
            <h2>There is a problem</h2>
            <p>{message.error}</p>
          </div>
        )}
        {message?.done && (
          <div class="notice" role="status">
            {message.done}
          </div>
        )}
        <div class="error-summary" id="trustee-error" tabindex={-1} role="alert" hidden>
          <h2>There is a problem</h2>
          <p id="trustee-error-text" />
        </div>
        <p id="trustee-status" role="status" aria-live="polite" />
        {task.task === 'wait' && (
          <>
            <p>{task.reason} Come back to this page later.</p>
            {'waitingFor' in task && task.waitingFor && task.waitingFor.length > 0 && (
              <>
                <h2 id="waiting-heading">Still to do</h2>
                <ul aria-labelledby="waiting-heading">
                  {task.waitingFor.map((name) => (
                    <li>{name}</li>
                  ))}
                </ul>
              </>
            )}
          </>
        )}
        {task.task === 'done' && (
          <p>
            {'tookPart' in task && task.tookPart === false
              ? 'The tally is decrypted: enough trustees took part, so nothing more is needed from you. Thank you.'
              : 'The tally is decrypted. Thank you.'}{' '}
            <a href={`/elections/${electionId}/verify`}>Verify the election</a>.
          </p>
        )}
        {browserTasks.includes(task.task) && (
          <>
            <div class="notice" id="trustee-needs-script">
              This page needs JavaScript: your key and your work are computed on your own device.
            </div>
            <form
              id="trustee"
              method="post"
              action={`/elections/${electionId}/trustee`}
              hidden
              data-task={task.task}
              data-group={election.crypto_group ?? ''}
              data-task-url={`/elections/${electionId}/trustee/task.json`}
              data-key-name={
                threshold === null
                  ? `trustee-${task.position}-election-${electionId}-private-key.json`
                  : `trustee-${task.position}-election-${electionId}.key`
              }
              data-public-key={publicKey}
              data-position={String(task.position)}
              data-threshold={threshold === null ? '' : String(threshold)}
            >
              <CsrfField c={c} />
              <input type="hidden" name="task" value={task.task} />
              <input type="hidden" name="payload" id="payload" />
              {task.task === 'key' && (
                <>
                  <h2>Make your key</h2>
                  {task.hasKey && (
                    <p>
                      You have made a key already. Make a new one only if you have lost your private
                      key file; the new one replaces it.
                    </p>
                  )}
                  <p>
                    Your browser makes a key pair. The private key is saved as a file on your
                    device: keep it safe and private until the result is declared. Without it the
                    votes cannot be counted.
                  </p>
                  <button class="button" type="button" id="generate">
                    Make my key
                  </button>
                  <KeyMade electionId={electionId} sends="my public key" />
                </>
              )}
              {task.task === 'certificate' && (
                <>
                  <h2>Round {round} of 3: make your certificate</h2>
                  <p>
                    Your browser makes your keys from a secret seed. The seed is saved as your
                    private key file on your device: keep it safe and private until the result is
                    declared. You will need it in each of the next rounds and to decrypt the result.
                    Your certificate, which holds only your public keys, goes to the other trustees.
                  </p>
                  <button class="button" type="button" id="generate">
                    Make my keys
                  </button>
                  <KeyMade electionId={electionId} sends="my certificate" />
                </>
              )}
              {task.task === 'polynomial' && (
                <>
                  <h2>Round {round} of 3: deal the shares</h2>
                  <p>
                    Every trustee has sent their certificate. Your browser now makes a secret random
                    polynomial and, from it, a share for each trustee, encrypted so that only that
                    trustee can read it. The server passes the shares on and publishes only the
                    polynomial’s signed commitments.
                  </p>
                  {keyFileInput}
                  <button class="button" type="submit">
                    Make and send my polynomial
                  </button>
                </>
              )}
              {task.task === 'voutput' && (
                <>
                  <h2>Round {round} of 3: check your shares</h2>
                  <p>
                    Every trustee has dealt the shares. Your browser opens the share each trustee
                    dealt you and checks it against that trustee’s commitments; if one does not
                    match, it says so and sends nothing. Your share of the election key is then
                    encrypted for you alone and kept by the server until the tally.
                  </p>
                  {keyFileInput}
                  <button class="button" type="submit">
                    Check my shares and send them
                  </button>
                </>
              )}
              {task.task === 'shuffle' && (
                <>
                  <h2>Shuffle the ballots</h2>
                  <p>
                    Your browser re-encrypts the ballots in a secret random order and proves it did
                    so honestly. After every trustee has shuffled, no one can tell which ballot was
                    whose.
                  </p>
                  <button class="button" type="submit">
                    Shuffle the ballots
                  </button>
                </>
              )}
              {task.task === 'decrypt' && (
                <>
                  <h2>Decrypt the tally</h2>
                  {threshold !== null && (
                    <p>
                      Any {threshold} of the {trustees.length} trustees can decrypt the tally; once{' '}
                      {threshold} have, the result is known and nothing more is needed from the
                      others.
                    </p>
                  )}
                  {threshold === null ? (
                    <div class="field">
                      <label for="private-key">Your private key file</label>
                      <input type="file" id="private-key" accept=".json,application/json" />
                    </div>
                  ) : (
                    keyFileInput
                  )}
                  <button class="button" type="submit">
                    Decrypt my share
                  </button>
                </>
              )}
            </form>
            <script type="module" src="/assets/trustee.js" />
          </>
        )}
      </>,
      message?.error ? 400 : 200,
    );
  };

  app.get('/elections/:id/trustee', async (c) => {
    const election = await verifiableElection(c.req.param('id'));
    return trusteePage(c, election.id);
  });

  app.get('/elections/:id/trustee/task.json', async (c) => {
    const election = await verifiableElection(c.req.param('id'));
    const actor = requirePermission(c, 'election.trustee', { electionId: election.id });
    return c.json(await trusteeTask(deps.db, election.id, actor.memberId));
  });

  app.post('/elections/:id/trustee', async (c) => {
    const election = await verifiableElection(c.req.param('id'));
    const actor = requirePermission(c, 'election.trustee', { electionId: election.id });
    const body = await c.req.parseBody();
    const payload = typeof body.payload === 'string' ? body.payload : '';
    if (payload === '')
      return trusteePage(c, election.id, {
        error: 'Nothing was sent: this page needs JavaScript.',
      });
    const step = (kind: 'certificate' | 'polynomial' | 'voutput') => () =>
      recordKeySetupStep(deps.db, election.id, actor.memberId, kind, payload);
    const work: (() => Promise<unknown>) | undefined = {
      key: () => recordTrusteeKey(deps.db, election.id, actor.memberId, payload),
      certificate: step('certificate'),
      polynomial: step('polynomial'),
      voutput: step('voutput'),
      shuffle: () => recordShuffle(deps.db, election.id, actor.memberId, payload),
      decrypt: () => recordPartialDecryption(deps.db, election.id, actor.memberId, payload),
    }[String(body.task)];
    if (!work) return trusteePage(c, election.id, { error: 'Unknown trustee task.' });
    const outcome = await attempt(work);
    if ('refused' in outcome)
      return trusteePage(c, election.id, { error: outcome.refused.message });
    const done = {
      key: 'Your public key is recorded. Keep your private key file safe.',
      certificate: 'Your certificate is recorded. Keep your private key file safe.',
      polynomial: 'Your polynomial is recorded.',
      voutput: 'Your shares check out and are recorded.',
      shuffle: 'Your shuffle is verified and recorded.',
      decrypt: 'Your partial decryption is verified and recorded.',
    }[String(body.task)];
    return trusteePage(c, election.id, { done });
  });

  return app;
}

/** The returning officer's view of a verifiable ballot box: each trustee's part, and the record. */
export async function VerifiableStatus(props: { deps: WebDeps; electionId: number }) {
  const { deps, electionId } = props;
  const trustees = await trusteesOf(deps.db, electionId);
  const setup = await verifiableSetup(deps.db, electionId);
  const ranked = setup?.election.questions.some((q) => q.type === 'non-homomorphic') ?? false;
  const election = await deps.db
    .selectFrom('elections')
    .select('trustee_threshold')
    .where('id', '=', electionId)
    .executeTakeFirstOrThrow();
  const threshold = election.trustee_threshold;
  const keyState = (t: (typeof trustees)[number]) =>
    threshold === null
      ? t.public_key
        ? 'Made'
        : 'Not yet'
      : t.checkedShares
        ? 'Shares checked (round 3 of 3)'
        : t.dealt
          ? 'Polynomial sent (round 2 of 3)'
          : t.certified
            ? 'Certificate sent (round 1 of 3)'
            : 'Not yet';
  return (
    <section aria-labelledby="verifiable-heading">
      <h2 id="verifiable-heading">Verifiable ballot box</h2>
      {setup && (
        <p>
          Election fingerprint <code>{setup.election.fingerprint}</code> (
          {setup.election.group.name}
          ). <a href={`/elections/${electionId}/ballot-box`}>The public ballot box</a>
          {setup.archive && (
            <>
              {' · '}
              <a href={`/elections/${electionId}/archive.bel`}>the election record</a>
              {' · '}
              <a href={`/elections/${electionId}/verify`}>verify it</a>
            </>
          )}
        </p>
      )}
      <table>
        <caption>
          {threshold === null
            ? 'Trustees'
            : `Trustees: any ${threshold} of the ${trustees.length} can decrypt`}
        </caption>
        <thead>
          <tr>
            <th scope="col">Trustee</th>
            <th scope="col">Key</th>
            {ranked && <th scope="col">Shuffled</th>}
            <th scope="col">Decrypted</th>
          </tr>
        </thead>
        <tbody>
          {trustees.map((t) => (
            <tr>
              <td>
                {t.position}. {t.name}
              </td>
              <td>{keyState(t)}</td>
              {ranked && <td>{t.shuffled ? 'Yes' : 'Not yet'}</td>}
              <td>{t.decrypted ? 'Yes' : setup?.result_json ? 'Not needed' : 'Not yet'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
