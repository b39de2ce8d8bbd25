import { isDeepStrictEqual } from 'node:util';
import { Hono } from 'hono';
import { type ElectionRow, updateElectionSettings } from '../../db/elections/elections.ts';
import {
  describeRule,
  leadershipRule,
  type NominationRule,
} from '../../org/elections/nomination-rules.ts';
import type { Env, PageContext, WebDeps } from '../shell/context.ts';
import { electionFromPath } from '../shell/election-from-path.ts';
import { ErrorSummary } from '../shell/layout.tsx';
import { attempt } from '../shell/refusals.ts';
import { CsrfField, render } from '../shell/render.tsx';
import { requirePermission } from '../shell/security.ts';
import {
  Field,
  type Form,
  fields,
  LeadershipRuleChoice,
  type Problem,
  readElectionForm,
  WaysToVote,
} from './election-new.tsx';
import { MethodField } from './method-field.tsx';

const editable = fields.filter((f) => !['returningOfficer', 'scrutineer'].includes(f.name));

// Deep equality, whatever the key order jsonb gave the stored rule.
const isLeadershipRule = (rule: NominationRule | null) => isDeepStrictEqual(rule, leadershipRule);

/** A rule the form can show: "n branches", the leadership rule, or none. */
const simpleRule = (rule: NominationRule | null) =>
  rule === null || ('branches' in rule && Object.keys(rule).length === 1) || isLeadershipRule(rule);

/** The form as the election stands. */
function formOf(election: ElectionRow): Form {
  const rule = election.nomination_rule as NominationRule | null;
  return {
    title: election.title,
    body: election.body,
    seats: String(election.seats),
    method: election.method,
    minimum: String(election.minimums.find((m) => m.group === 'women')?.min ?? ''),
    joinedBy: election.joined_by ?? '',
    paidUpBy: election.paid_up_by ?? '',
    minMembershipDays: String(election.candidate_min_membership_days ?? ''),
    branchThreshold: rule && 'branches' in rule ? String(rule.branches) : '',
    ballotCloseAt: election.ballot_close_at?.toISOString().slice(0, 16) ?? '',
    online: election.online ? 'yes' : 'no',
    postal: election.postal ? 'yes' : '',
    allowRevoting: election.allow_revoting ? 'yes' : '',
    leadershipRule: isLeadershipRule(rule) ? 'yes' : '',
  };
}

/**
 * Changing an election's settings while it is a draft or taking nominations:
 * the creation form's fields and checks (election-new.tsx), without the
 * officers. Once the roll is frozen, the eligibility dates and the ways to vote
 * are fixed (src/db/elections/elections.ts, updateElectionSettings).
 */
export function electionEditRoutes(deps: WebDeps) {
  const app = new Hono<Env>();

  const page = async (c: PageContext, form?: Form, problems: Problem[] = [], done?: string) => {
    const election = await electionFromPath(deps, c.req.param('id') ?? '');
    requirePermission(c, 'election.edit', { electionId: election.id });
    const values = form ?? formOf(election);
    const problem = (field: string) => problems.find((p) => p.field === field)?.message;
    const rule = election.nomination_rule as NominationRule | null;
    const frozen = election.roll_frozen_at !== null;
    const open = election.stage === 'draft' || election.stage === 'nominations';
    const shown = editable.filter((f) => f.name !== 'branchThreshold' || simpleRule(rule));
    const frozenHint = (name: string) =>
      frozen && ['joinedBy', 'paidUpBy'].includes(name)
        ? 'The roll is frozen: this can no longer change.'
        : undefined;
    return render(
      c,
      deps,
      `${problems.length ? 'Error: ' : ''}Change the settings`,
      <>
        <ErrorSummary errors={problems} />
        {done && (
          <div class="notice" role="status">
            {done}
          </div>
        )}
        <span class="caption">{election.title}</span>
        <h1>Change the settings</h1>
        {!open ? (
          <p id="settings">
            Nominations have closed, so the settings can no longer change.{' '}
            <a href={`/elections/${election.id}`}>Back to the election</a>
          </p>
        ) : (
          <form method="post" action={`/elections/${election.id}/edit`} novalidate id="settings">
            <CsrfField c={c} />
            {shown.slice(0, 3).map((f) => (
              <Field {...f} value={values[f.name] ?? ''} error={problem(f.name)} />
            ))}
            <MethodField value={values.method} error={problem('method')} />
            {shown.slice(3).map((f) => {
              const hint = frozenHint(f.name) ?? f.hint;
              return (
                <>
                  <Field
                    {...f}
                    {...(hint ? { hint } : {})}
                    value={values[f.name] ?? ''}
                    error={problem(f.name)}
                  />
                  {f.name === 'branchThreshold' && (
                    <LeadershipRuleChoice checked={values.leadershipRule === 'yes'} />
                  )}
                </>
              );
            })}
            {!simpleRule(rule) && rule && (
              <p class="hint">Nomination threshold: {describeRule(rule)}. It is kept as it is.</p>
            )}
            <WaysToVote
              form={values}
              error={problem('online')}
              {...(frozen
                ? {
                    hint: 'The roll is frozen: who votes online and who by post can no longer change.',
                  }
                : {})}
            />
            <button class="button" type="submit">
              Save the settings
            </button>
          </form>
        )}
        <p>
          <a href={`/elections/${election.id}`}>Back to the election</a>
        </p>
      </>,
      problems.length ? 400 : 200,
    );
  };

  app.get('/elections/:id/edit', (c) => page(c));

  app.post('/elections/:id/edit', async (c) => {
    const election = await electionFromPath(deps, c.req.param('id'));
    const actor = requirePermission(c, 'election.edit', { electionId: election.id });
    const body = await c.req.parseBody();
    const form: Form = {};
    for (const [k, v] of Object.entries(body)) if (typeof v === 'string') form[k] = v.trim();
    if (!form.online) form.online = 'no';
    const { problems, settings } = await readElectionForm(deps, form, { officers: false });
    if (problems.length > 0 || !settings) return page(c, form, problems);
    const rule = election.nomination_rule as NominationRule | null;
    const outcome = await attempt(() =>
      updateElectionSettings(
        deps.db,
        election.id,
        {
          title: settings.title,
          body: settings.body,
          seats: settings.seats,
          method: settings.method,
          // Minimums for other groups than women, set elsewhere, are kept.
          minimums: [...election.minimums.filter((m) => m.group !== 'women'), ...settings.minimums],
          joinedBy: settings.joinedBy,
          paidUpBy: settings.paidUpBy,
          candidateMinMembershipDays: settings.candidateMinMembershipDays,
          // A composite rule (the form cannot show it) is kept as it is.
          nominationRule: simpleRule(rule) ? settings.nominationRule : rule,
          ballotCloseAt: settings.ballotCloseAt,
          online: settings.online,
          postal: settings.postal,
          allowRevoting: settings.allowRevoting,
        },
        actor.memberId,
      ),
    );
    if ('refused' in outcome)
      return page(c, form, [
        { field: outcome.refused.field ?? 'settings', message: outcome.refused.message },
      ]);
    c.get('log').info(
      { electionId: election.id, changed: outcome.ok },
      'election settings changed',
    );
    return page(
      c,
      undefined,
      [],
      outcome.ok.length === 0
        ? 'Nothing was changed.'
        : `Saved. Changed: ${outcome.ok.map((k) => settingNames[k] ?? k).join(', ')}.`,
    );
  });

  return app;
}

const settingNames: Record<string, string> = {
  title: 'title',
  body: 'the body it elects',
  seats: 'seats',
  method: 'how votes are counted',
  minimums: 'minimum seats for women',
  joinedBy: 'joining date',
  paidUpBy: 'paid-up date',
  candidateMinMembershipDays: 'days of membership for candidates',
  nominationRule: 'nomination threshold',
  ballotCloseAt: 'when voting closes',
  online: 'online voting',
  postal: 'postal voting',
  allowRevoting: 'changing votes',
};
