import { Hono } from 'hono';
import { recordKeySetupStep } from '../../db/ballots/key-setup.ts';
import { recordPartialDecryption, recordShuffle } from '../../db/ballots/tally.ts';
import { trusteeTask } from '../../db/ballots/trustee-tasks.ts';
import { recordTrusteeKey, trusteesOf } from '../../db/ballots/trustees.ts';
import type { Env, PageContext, WebDeps } from '../shell/context.ts';
import { attempt } from '../shell/refusals.ts';
import { CsrfField, render } from '../shell/render.tsx';
import { requirePermission } from '../shell/security.ts';
import { verifiableElection } from './verifiable-election.ts';

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
 * The trustees' page of a verifiable election: each trustee's task now (a
 * key, the rounds of threshold key setup, a shuffle, a partial decryption),
 * done in their browser (src/web/browser/trustee.ts) and checked by the
 * server before it is kept.
 */
export function trusteeRoutes(deps: WebDeps) {
  const app = new Hono<Env>();

  const trusteePage = async (
    c: PageContext,
    electionId: number,
    message?: { error?: string; done?: string },
  ) => {
    const election = await verifiableElection(deps, String(electionId));
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
    const election = await verifiableElection(deps, c.req.param('id'));
    return trusteePage(c, election.id);
  });

  app.get('/elections/:id/trustee/task.json', async (c) => {
    const election = await verifiableElection(deps, c.req.param('id'));
    const actor = requirePermission(c, 'election.trustee', { electionId: election.id });
    return c.json(await trusteeTask(deps.db, election.id, actor.memberId));
  });

  app.post('/elections/:id/trustee', async (c) => {
    const election = await verifiableElection(deps, c.req.param('id'));
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
