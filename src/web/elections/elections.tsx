import { Hono } from 'hono';
import { raw } from 'hono/html';
import { methodLabel } from '../../count/method-catalogue.ts';
import { voterStatus } from '../../db/ballots/index.ts';
import { candidatesOf } from '../../db/elections/elections.ts';
import { nominationTallies } from '../../db/elections/nomination-tallies.ts';
import { slatesOf } from '../../db/elections/slates.ts';
import { membershipStanding } from '../../db/roll/index.ts';
import { can } from '../../org/access/index.ts';
import {
  describeRule,
  meetsRule,
  type NominationRule,
} from '../../org/elections/nomination-rules.ts';
import { mayVote } from '../../org/roll/index.ts';
import type { Env, WebDeps } from '../shell/context.ts';
import { electionFromPath } from '../shell/election-from-path.ts';
import { formatDay, formatMoment, stageLabel } from '../shell/format.ts';
import { renderStatement } from '../shell/markdown.ts';
import { render } from '../shell/render.tsx';
import { requirePermission } from '../shell/security.ts';

/**
 * The election page: where it stands, whether the member can vote, the
 * timetable, candidates and slates, and the way to each thing they may do.
 */
export function electionRoutes(deps: WebDeps) {
  const app = new Hono<Env>();

  app.get('/elections/:id', async (c) => {
    const election = await electionFromPath(deps, c.req.param('id'));
    const actor = requirePermission(c, 'election.view', { electionId: election.id });
    const candidates = await candidatesOf(deps.db, election.id);
    const { onRoll, voted } = await voterStatus(deps.db, election.ballot_id, actor.memberId);
    const verdict = mayVote(await membershipStanding(deps.db, actor.memberId), {
      joinedBy: election.joined_by,
      paidUpBy: election.paid_up_by,
    });
    const slates = await slatesOf(deps.db, election.id);
    const rule = election.nomination_rule as NominationRule | null;
    const shown =
      election.stage === 'nominations'
        ? candidates
        : candidates.filter((x) => x.status === 'valid');
    const officerBranch = actor.roles.find((r) => r.role === 'branch_officer');
    const officerAffiliate = actor.roles.find((r) => r.role === 'affiliate_officer');
    const representative = can(actor, 'representative.nominate');
    const tallies = await nominationTallies(deps.db, election.id);
    const countsRepresentatives =
      JSON.stringify(rule ?? {}).includes('"representative') ||
      candidates.some((x) => x.representativeNominations > 0);
    const managing =
      can(actor, 'election.run', { electionId: election.id }) ||
      can(actor, 'election.count', { electionId: election.id });

    return render(
      c,
      deps,
      election.title,
      <>
        <span class="caption">{election.body}</span>
        <h1>{election.title}</h1>
        <p>
          <span class="tag">{stageLabel[election.stage]}</span> {election.seats}{' '}
          {election.seats === 1 ? 'seat' : 'seats'}. {methodLabel(election.method)}.
          {election.minimums.map((m) => ` At least ${m.min} of the seats go to ${m.group}.`)}
        </p>
        {managing && (
          <p>
            <a href={`/elections/${election.id}/manage`}>Run this election</a>
          </p>
        )}
        {can(actor, 'election.edit', { electionId: election.id }) &&
          ['draft', 'nominations'].includes(election.stage) && (
            <p>
              <a href={`/elections/${election.id}/edit`}>Change the settings</a>
            </p>
          )}
        {election.stage === 'declared' && (
          <p>
            <a class="button" href={`/elections/${election.id}/results`}>
              See the result
            </a>
          </p>
        )}

        <h2>Can I vote?</h2>
        {voted ? (
          <p>You have voted{voted.channel === 'postal' ? ' by post' : ''}. Thank you.</p>
        ) : onRoll ? (
          election.stage === 'ballot' ? (
            <p>
              <a class="button" href={`/elections/${election.id}/vote`}>
                Vote now
              </a>
            </p>
          ) : (
            <p>
              You are on the roll
              {onRoll.channel === 'postal' ? ' and will get a ballot by post' : ''}.
            </p>
          )
        ) : election.roll_frozen_at ? (
          <p>
            You are not on the roll for this election
            {verdict.eligible
              ? ' (you were not eligible when the roll was frozen)'
              : `: ${verdict.reasons.join('; ')}`}
            .
          </p>
        ) : verdict.eligible ? (
          <p>You will be on the roll when it is frozen, as things stand.</p>
        ) : (
          <p>You will not be able to vote: {verdict.reasons.join('; ')}.</p>
        )}

        <h2>Timetable</h2>
        <dl class="summary-list">
          {election.joined_by && (
            <>
              <dt>Members who joined by</dt>
              <dd>{formatDay(election.joined_by)}</dd>
            </>
          )}
          {election.paid_up_by && (
            <>
              <dt>Paid up by</dt>
              <dd>{formatDay(election.paid_up_by)}</dd>
            </>
          )}
          {election.nominations_close_at && (
            <>
              <dt>Nominations close</dt>
              <dd>{formatMoment(election.nominations_close_at)}</dd>
            </>
          )}
          {election.ballot_open_at && (
            <>
              <dt>Voting opens</dt>
              <dd>{formatMoment(election.ballot_open_at)}</dd>
            </>
          )}
          {election.ballot_close_at && (
            <>
              <dt>Voting closes</dt>
              <dd>{formatMoment(election.ballot_close_at)}</dd>
            </>
          )}
          {election.roll_size !== null && (
            <>
              <dt>Members on the roll</dt>
              <dd>{election.roll_size.toLocaleString('en-GB')}</dd>
            </>
          )}
        </dl>

        <h2>{election.stage === 'nominations' ? 'Nominations so far' : 'Candidates'}</h2>
        {rule && <p>To be on the ballot a candidate needs {describeRule(rule)}.</p>}
        {shown.length === 0 ? (
          <p>No nominations yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Candidate</th>
                <th scope="col">Branch nominations</th>
                <th scope="col">Affiliate nominations</th>
                {countsRepresentatives && <th scope="col">Representatives</th>}
                {rule && election.stage === 'nominations' && <th scope="col">Enough so far?</th>}
              </tr>
            </thead>
            <tbody>
              {shown.map((x) => (
                <tr>
                  <td>
                    <strong>{x.name}</strong>
                    {x.statement && (
                      <div class="statement">{raw(renderStatement(x.statement))}</div>
                    )}
                  </td>
                  <td>{x.branchNominations}</td>
                  <td>{x.affiliateNominations}</td>
                  {countsRepresentatives && <td>{x.representativeNominations}</td>}
                  {rule && election.stage === 'nominations' && (
                    <td>{meetsRule(rule, tallies.get(x.id)!) ? 'Yes' : 'Not yet'}</td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {candidates.some((x) => x.member_id === actor.memberId) && (
          <p>
            <a href={`/elections/${election.id}/candidacy`}>
              Your candidacy: consent and statement
            </a>
          </p>
        )}
        {officerBranch && election.stage === 'nominations' && (
          <p>
            <a href={`/elections/${election.id}/nominate`}>Record your branch’s nominations</a>
          </p>
        )}
        {officerAffiliate && election.stage === 'nominations' && (
          <p>
            <a href={`/elections/${election.id}/nominate/affiliate`}>
              Record your organisation’s nominations
            </a>
          </p>
        )}
        {representative && election.stage === 'nominations' && (
          <p>
            <a href={`/elections/${election.id}/nominate/representative`}>
              Make your nomination as an elected representative
            </a>
          </p>
        )}

        {['nominations', 'candidates_published', 'ballot'].includes(election.stage) && (
          <p>
            <a href={`/elections/${election.id}/slates/new`}>Publish a slate</a>
          </p>
        )}
        {slates.length > 0 && (
          <>
            <h2 id="slates">Slates</h2>
            <p class="hint">
              Groups of members who recommend candidates. Slates do not appear on the ballot.
            </p>
            {[...new Set(slates.map((s) => s.id))].map((id) => {
              const rows = slates.filter((s) => s.id === id);
              return (
                <section class="panel">
                  <h3>{rows[0]!.name}</h3>
                  {rows[0]!.description && <p>{rows[0]!.description}</p>}
                  <ol>
                    {rows
                      .filter((r) => r.candidate)
                      .map((r) => (
                        <li>{r.candidate}</li>
                      ))}
                  </ol>
                </section>
              );
            })}
          </>
        )}

        {election.ballot_box === 'verifiable' &&
          ['ballot', 'closed', 'declared'].includes(election.stage) && (
            <>
              <h2>Check your ballot and the count</h2>
              <p>
                Ballots in this election are encrypted on members’ devices. Find your ballot tracker
                in the <a href={`/elections/${election.id}/ballot-box`}>public ballot box</a>, and
                once the trustees have decrypted the result,{' '}
                <a href={`/elections/${election.id}/verify`}>verify the election yourself</a>.
              </p>
            </>
          )}
        {election.ballot_box === 'plain' &&
          ['ballot', 'closed', 'declared'].includes(election.stage) && (
            <>
              <h2>Check your ballot is in the box</h2>
              <form method="get" action={`/elections/${election.id}/receipt`}>
                <div class="field">
                  <label for="receipt">Your receipt code</label>
                  <input
                    type="text"
                    id="receipt"
                    name="receipt"
                    autocomplete="off"
                    spellcheck={false}
                  />
                </div>
                <button type="submit" class="button button-secondary">
                  Check
                </button>
              </form>
            </>
          )}
      </>,
    );
  });

  return app;
}
