import { Hono } from 'hono';
import { createElection } from '../../db/elections/elections.ts';
import { memberIdByNumber } from '../../db/roll/index.ts';
import { describeRule, leadershipRule } from '../../org/elections/nomination-rules.ts';
import { type ElectionSettings, methodProblems } from '../../org/elections/settings.ts';
import { BallotBoxFields, readBallotBox } from '../ballots/index.ts';
import type { Env, PageContext, WebDeps } from '../shell/context.ts';
import { ErrorSummary } from '../shell/layout.tsx';
import { CsrfField, render } from '../shell/render.tsx';
import { requirePermission } from '../shell/security.ts';
import { MethodField } from './method-field.tsx';

export type Form = Record<string, string>;
export type Problem = { field: string; message: string };

export const fields: { name: string; label: string; hint?: string; type?: string }[] = [
  {
    name: 'title',
    label: 'Title',
    hint: 'For example, National Executive Committee: constituency section',
  },
  { name: 'body', label: 'The body it elects', hint: 'For example, National Executive Committee' },
  { name: 'seats', label: 'Seats', type: 'number' },
  { name: 'minimum', label: 'Minimum number of seats for women (optional)', type: 'number' },
  { name: 'joinedBy', label: 'Members who joined on or before (optional)', type: 'date' },
  { name: 'paidUpBy', label: 'Members paid up to at least (optional)', type: 'date' },
  {
    name: 'minMembershipDays',
    label: 'Days of membership a candidate needs at the close of nominations (optional)',
    type: 'number',
  },
  {
    name: 'branchThreshold',
    label: 'Branch nominations a candidate needs (optional)',
    type: 'number',
  },
  { name: 'ballotCloseAt', label: 'Voting closes (UK time)', type: 'datetime-local' },
  { name: 'returningOfficer', label: 'Membership number of the returning officer' },
  { name: 'scrutineer', label: 'Membership number of the scrutineer (optional)' },
];

/** An administrator creates an election: one form, checked on the server field by field. */
export function electionNewRoutes(deps: WebDeps) {
  const app = new Hono<Env>();

  const page = (c: PageContext, form: Form = {}, problems: Problem[] = []) => {
    const problem = (field: string) => problems.find((p) => p.field === field)?.message;
    return render(
      c,
      deps,
      `${problems.length ? 'Error: ' : ''}Create an election`,
      <>
        <ErrorSummary errors={problems} />
        <h1>Create an election</h1>
        <form method="post" action="/elections/new" novalidate>
          <CsrfField c={c} />
          {fields.slice(0, 3).map((f) => (
            <Field {...f} value={form[f.name] ?? ''} error={problem(f.name)} />
          ))}
          <MethodField value={form.method} error={problem('method')} />
          {fields.slice(3).map((f) => (
            <>
              <Field {...f} value={form[f.name] ?? ''} error={problem(f.name)} />
              {f.name === 'branchThreshold' && (
                <LeadershipRuleChoice checked={form.leadershipRule === 'yes'} />
              )}
            </>
          ))}
          <WaysToVote form={form} error={problem('online')} />
          <BallotBoxFields form={form} problem={problem} />
          <button class="button" type="submit">
            Create the election
          </button>
        </form>
      </>,
      problems.length ? 400 : 200,
    );
  };

  app.get('/elections/new', (c) => {
    requirePermission(c, 'election.create');
    return page(c);
  });

  app.post('/elections/new', async (c) => {
    const actor = requirePermission(c, 'election.create');
    const body = await c.req.parseBody();
    const form: Form = {};
    for (const [k, v] of Object.entries(body)) if (typeof v === 'string') form[k] = v.trim();
    if (!form.online) form.online = 'no';
    const { problems, settings, returningOfficerId, scrutineerId } = await readElectionForm(
      deps,
      form,
    );
    const { trusteeIds, ...ballotBox } = await readBallotBox(deps.db, form, problems);
    if (problems.length > 0 || !settings) return page(c, form, problems);
    const id = await createElection(
      deps.db,
      { ...settings, ...ballotBox },
      { returningOfficerId: returningOfficerId!, scrutineerId: scrutineerId ?? null, trusteeIds },
      actor.memberId,
    );
    c.get('log').info({ electionId: id }, 'election created');
    return c.redirect(`/elections/${id}`, 303);
  });

  return app;
}

/**
 * Reads and checks an election's settings form, field by field: the same rules
 * for creating an election and for changing one (election-edit.tsx, without
 * the officers). Settings the form does not hold are left at their defaults.
 */
export async function readElectionForm(
  deps: WebDeps,
  form: Form,
  options: { officers: boolean } = { officers: true },
): Promise<{
  problems: Problem[];
  settings?: ElectionSettings;
  returningOfficerId?: number | null;
  scrutineerId?: number | null;
}> {
  const problems: Problem[] = [];
  const need = (field: string, message: string) => {
    if (!form[field]) problems.push({ field, message });
  };
  const whole = (field: string, min: number, message: string) => {
    const v = form[field];
    if (v && (!/^\d+$/.test(v) || Number(v) < min)) problems.push({ field, message });
    return v ? Number(v) : null;
  };
  need('title', 'Enter a title');
  need('body', 'Enter the body the election is to');
  need('seats', 'Enter the number of seats');
  const seats = whole('seats', 1, 'Seats must be a whole number, 1 or more') ?? 0;
  const minimum = whole('minimum', 1, 'The minimum for women must be a whole number, 1 or more');
  if (minimum !== null && minimum > seats)
    problems.push({
      field: 'minimum',
      message: `The minimum for women cannot be more than the ${seats} seats`,
    });
  const minDays = whole('minMembershipDays', 0, 'Days of membership must be a whole number');
  const threshold = whole(
    'branchThreshold',
    1,
    'Branch nominations must be a whole number, 1 or more',
  );
  if (form.leadershipRule === 'yes' && threshold !== null)
    problems.push({
      field: 'branchThreshold',
      message: 'Enter branch nominations or choose the leadership rule, not both',
    });
  problems.push(...methodProblems(form.method, seats, minimum));
  for (const field of ['joinedBy', 'paidUpBy']) {
    if (form[field] && Number.isNaN(Date.parse(`${form[field]}T00:00:00Z`)))
      problems.push({ field, message: 'Enter a real date' });
  }
  need('ballotCloseAt', 'Enter when voting closes');
  const closes = form.ballotCloseAt ? new Date(`${form.ballotCloseAt}:00Z`) : null;
  if (form.ballotCloseAt && (closes === null || Number.isNaN(closes.getTime())))
    problems.push({ field: 'ballotCloseAt', message: 'Enter a real date and time' });
  if (form.online !== 'yes' && form.postal !== 'yes')
    problems.push({ field: 'online', message: 'Choose at least one way to vote' });
  if (options.officers)
    need('returningOfficer', 'Enter the membership number of the returning officer');
  const officer = async (field: string) => {
    if (!form[field]) return null;
    const id = await memberIdByNumber(deps.db, form[field]!.toUpperCase());
    if (id === undefined)
      problems.push({ field, message: 'There is no member with that membership number' });
    return id ?? null;
  };
  const returningOfficerId = await officer('returningOfficer');
  const scrutineerId = await officer('scrutineer');
  if (problems.length > 0) return { problems };

  const settings: ElectionSettings = {
    title: form.title!,
    body: form.body!,
    seats,
    method: form.method!,
    minimums: minimum ? [{ group: 'women', min: minimum }] : [],
    joinedBy: form.joinedBy || null,
    paidUpBy: form.paidUpBy || null,
    candidateMinMembershipDays: minDays,
    nominationRule:
      form.leadershipRule === 'yes' ? leadershipRule : threshold ? { branches: threshold } : null,
    branchNominationLimit: null,
    nominationsOpenAt: null,
    nominationsCloseAt: null,
    ballotOpenAt: null,
    ballotCloseAt: closes,
    online: form.online === 'yes',
    postal: form.postal === 'yes',
    postalWins: true,
    allowRevoting: form.allowRevoting === 'yes',
  };
  return { problems, settings, returningOfficerId, scrutineerId };
}

/** The leadership contest's composite threshold, as one choice. */
export function LeadershipRuleChoice(props: { checked: boolean }) {
  return (
    <div class="field choice">
      <input
        type="checkbox"
        id="leadershipRule"
        name="leadershipRule"
        value="yes"
        checked={props.checked}
      />
      <label for="leadershipRule">
        Instead, the leadership contest’s rule: {describeRule(leadershipRule)}
      </label>
    </div>
  );
}

export function Field(props: {
  name: string;
  label: string;
  hint?: string;
  type?: string;
  value: string;
  error: string | undefined;
}) {
  const described = [props.hint && `${props.name}-hint`, props.error && `${props.name}-error`]
    .filter(Boolean)
    .join(' ');
  return (
    <div class={props.error ? 'field field-error' : 'field'}>
      <label for={props.name}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${props.name}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="error-message" id={`${props.name}-error`}>
          <span class="visually-hidden">Error:</span> {props.error}
        </p>
      )}
      <input
        type={props.type === 'number' ? 'text' : (props.type ?? 'text')}
        inputmode={props.type === 'number' ? 'numeric' : undefined}
        id={props.name}
        name={props.name}
        value={props.value}
        {...(described ? { 'aria-describedby': described } : {})}
      />
    </div>
  );
}

/**
 * How members may vote: online, by post, and whether they may change their vote.
 * `hint` says why a choice can no longer change (the edit form, once the roll is frozen).
 */
export function WaysToVote(props: { form: Form; error: string | undefined; hint?: string }) {
  const { form, error, hint } = props;
  return (
    <fieldset
      class={error ? 'field field-error' : 'field'}
      id="online"
      aria-describedby={hint ? 'online-hint' : undefined}
    >
      <legend>Ways to vote</legend>
      {hint && (
        <p class="hint" id="online-hint">
          {hint}
        </p>
      )}
      {error && (
        <p class="error-message">
          <span class="visually-hidden">Error:</span> {error}
        </p>
      )}
      <div class="choice">
        <input
          type="checkbox"
          id="online-choice"
          name="online"
          value="yes"
          checked={form.online !== 'no'}
        />
        <label for="online-choice">Online</label>
      </div>
      <div class="choice">
        <input
          type="checkbox"
          id="postal"
          name="postal"
          value="yes"
          checked={form.postal === 'yes'}
        />
        <label for="postal">By post (members without email, and on request)</label>
      </div>
      <div class="choice">
        <input
          type="checkbox"
          id="allowRevoting"
          name="allowRevoting"
          value="yes"
          checked={form.allowRevoting === 'yes'}
        />
        <label for="allowRevoting">Members may change their vote until voting closes</label>
      </div>
    </fieldset>
  );
}
