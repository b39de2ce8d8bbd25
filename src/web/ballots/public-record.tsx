import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { verifiableArchive } from '../../db/ballots/verifiable-archive.ts';
import { ballotTrackers } from '../../db/ballots/verifiable-box.ts';
import { verifiableSetup } from '../../db/ballots/verifiable-setup.ts';
import type { Env, WebDeps } from '../shell/context.ts';
import { render } from '../shell/render.tsx';
import { verifiableElection } from './verifiable-election.ts';

/**
 * A verifiable election's public record, as in Belenios open to anyone,
 * signed in or not: the ballot box with every tracker, election.json, the
 * archive (.bel) and the page that verifies it in the visitor's browser.
 */
export function publicRecordRoutes(deps: WebDeps) {
  const app = new Hono<Env>();

  app.get('/elections/:id/ballot-box', async (c) => {
    const election = await verifiableElection(deps, c.req.param('id'));
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
    const election = await verifiableElection(deps, c.req.param('id'));
    const setup = await verifiableSetup(deps.db, election.id);
    if (!setup) throw new HTTPException(404, { message: 'Voting has not opened yet.' });
    c.header('content-type', 'application/json');
    return c.body(setup.election_json);
  });

  app.get('/elections/:id/archive.bel', async (c) => {
    const election = await verifiableElection(deps, c.req.param('id'));
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
    const election = await verifiableElection(deps, c.req.param('id'));
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

  return app;
}
