import { Hono } from 'hono';
import { raw } from 'hono/html';
import { HTTPException } from 'hono/http-exception';
import { isMarking, markLimit, methodLabel } from '../../count/method-catalogue.ts';
import type { Countback, ElectionResult } from '../../db/ballots/index.ts';
import { castBallot, receiptIsInBox } from '../../db/ballots/index.ts';
import { ballotCounts, candidatesOf } from '../../db/elections/elections.ts';
import { nominationTallies } from '../../db/elections/nomination-tallies.ts';
import { can } from '../../org/access/index.ts';
import {
  describeRule,
  meetsRule,
  type NominationRule,
} from '../../org/elections/nomination-rules.ts';
import { mayVote } from '../../org/roll/index.ts';
import { ResultCharts } from '../ballots/index.ts';
import type { Env, PageContext, WebDeps } from '../shell/context.ts';
import { electionFromPath } from '../shell/election-from-path.ts';
import { formatDay, formatMoment, stageLabel } from '../shell/format.ts';
import { ErrorSummary } from '../shell/layout.tsx';
import { renderStatement } from '../shell/markdown.ts';
import { attempt } from '../shell/refusals.ts';
import { CsrfField, render } from '../shell/render.tsx';
import { requirePermission } from '../shell/security.ts';

/** What members see and do: the election page, nominating, voting, receipts. */
export function electionRoutes(deps: WebDeps) {
  const app = new Hono<Env>();

  app.get('/elections/:id', async (c) => {
    const election = await electionFromPath(deps, c.req.param('id'));
    const actor = requirePermission(c, 'election.view', { electionId: election.id });
    const candidates = await candidatesOf(deps.db, election.id);
    const me = await deps.db
      .selectFrom('members')
      .select(['joined_on', 'dues_status', 'paid_up_to'])
      .where('id', '=', actor.memberId)
      .executeTakeFirstOrThrow();
    const onRoll = await deps.db
      .selectFrom('roll_entries')
      .select('channel')
      .where('election_id', '=', election.id)
      .where('member_id', '=', actor.memberId)
      .executeTakeFirst();
    const voted = await deps.db
      .selectFrom('participations')
      .select('channel')
      .where('election_id', '=', election.id)
      .where('member_id', '=', actor.memberId)
      .executeTakeFirst();
    const verdict = mayVote(
      { joinedOn: me.joined_on, duesStatus: me.dues_status, paidUpTo: me.paid_up_to },
      { joinedBy: election.joined_by, paidUpBy: election.paid_up_by },
    );
    const slates = await deps.db
      .selectFrom('slates')
      .leftJoin('slate_candidates', 'slate_candidates.slate_id', 'slates.id')
      .leftJoin('candidates', 'candidates.id', 'slate_candidates.candidate_id')
      .select([
        'slates.id',
        'slates.name',
        'slates.description',
        'candidates.name as candidate',
        'slate_candidates.position',
      ])
      .where('slates.election_id', '=', election.id)
      .orderBy('slates.name')
      .orderBy('slate_candidates.position')
      .execute();
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

  // --- Voting ----------------------------------------------------------------------
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

  // --- Results ---------------------------------------------------------------------
  app.get('/elections/:id/results', async (c) => {
    requirePermission(c, 'election.view');
    const election = await electionFromPath(deps, c.req.param('id'));
    if (election.stage !== 'declared' || !election.result) {
      throw new HTTPException(404, {
        message: 'The result of this election has not been declared yet.',
      });
    }
    const result = election.result as ElectionResult;
    const counts = await ballotCounts(deps.db, election.id);
    const rounds = result.count.rounds;
    const names = Object.keys(rounds[0]?.tallies ?? {});
    return render(
      c,
      deps,
      `Result: ${election.title}`,
      <>
        <span class="caption">
          Result declared {election.declared_at ? formatMoment(election.declared_at) : ''}
        </span>
        <h1>{election.title}</h1>
        <p class="lead">{result.summary}</p>
        <dl class="summary-list">
          <dt>Ballots issued</dt>
          <dd>{counts.issued.toLocaleString('en-GB')}</dd>
          <dt>Ballots returned</dt>
          <dd>
            {result.returned.toLocaleString('en-GB')} ({result.online.toLocaleString('en-GB')}{' '}
            online, {result.postal.toLocaleString('en-GB')} by post)
          </dd>
          <dt>Spoilt</dt>
          <dd>{result.spoilt}</dd>
          <dt>Turnout</dt>
          <dd>{result.turnout}</dd>
          {result.count.quota && (
            <>
              <dt>Quota</dt>
              <dd>{result.count.quota}</dd>
            </>
          )}
          <dt>Elected, in order</dt>
          <dd>{result.count.elected.join(', ')}</dd>
        </dl>
        {(result as ElectionResult & { countbacks?: Countback[] }).countbacks?.map((cb) => (
          <p class="notice">
            {cb.vacated} left the seat on {formatMoment(new Date(cb.at))}.{' '}
            {cb.filledBy
              ? `${cb.filledBy} took it, by ${cb.how}.`
              : 'No candidate was left to take it.'}
          </p>
        ))}
        <h2>{rounds.length === 1 ? 'Votes' : 'Votes at every round'}</h2>
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Candidate</th>
                {rounds.map((r) => (
                  <th scope="col">{rounds.length === 1 ? 'Votes' : `Round ${r.round}`}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {names.map((name) => (
                <tr>
                  <th scope="row">
                    {name}
                    {result.count.elected.includes(name) && <span class="tag">Elected</span>}
                  </th>
                  {rounds.map((r) => (
                    <td>{r.tallies[name]}</td>
                  ))}
                </tr>
              ))}
              {rounds.length > 1 && (
                <tr>
                  <th scope="row">Non-transferable</th>
                  {rounds.map((r) => (
                    <td>{r.exhausted}</td>
                  ))}
                </tr>
              )}
            </tbody>
          </table>
        </div>
        <ResultCharts count={result.count} />
        <h2>Downloads</h2>
        <ul>
          <li>
            <a href={`/elections/${election.id}/results.csv`}>Votes as CSV</a>
          </li>
          <li>
            <a href={`/elections/${election.id}/results.json`}>The count as JSON</a>
          </li>
          <li>
            <a href={`/elections/${election.id}/ballots.blt`}>
              The anonymised ballots (BLT), to recount with any counter
            </a>
          </li>
          <li>
            <a href={`/elections/${election.id}/report.html`}>The full count report (HTML)</a>
          </li>
          {election.ballot_box === 'verifiable' && (
            <li>
              <a href={`/elections/${election.id}/archive.bel`}>
                The election record (Belenios archive)
              </a>
              , to <a href={`/elections/${election.id}/verify`}>verify in your browser</a> or with
              belenios-tool
            </li>
          )}
        </ul>
      </>,
    );
  });

  return app;
}
