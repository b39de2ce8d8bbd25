import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { candidatesOf } from '../../db/elections/elections.ts';
import { publishSlate, slateNameTaken } from '../../db/elections/slates.ts';
import type { Env, PageContext, WebDeps } from '../shell/context.ts';
import { electionFromPath } from '../shell/election-from-path.ts';
import { ErrorSummary } from '../shell/layout.tsx';
import { CsrfField, render } from '../shell/render.tsx';
import { requirePermission } from '../shell/security.ts';

/**
 * Slates (DOMAIN.md, "Slates and endorsements"): a group of members publishes
 * the candidates it endorses, optionally in a recommended order. Slates are
 * shown on the election page, never on the ballot.
 */
export function slateRoutes(deps: WebDeps) {
  const app = new Hono<Env>();
  const openStages = ['nominations', 'candidates_published', 'ballot'];

  const form = async (
    c: PageContext,
    id: number,
    problems: { field: string; message: string }[] = [],
    values: Record<string, string> = {},
  ) => {
    const election = await electionFromPath(deps, String(id));
    const candidates = (await candidatesOf(deps.db, election.id)).filter(
      (x) => x.status !== 'not_valid' && x.status !== 'withdrawn',
    );
    const problem = (f: string) => problems.find((p) => p.field === f)?.message;
    return render(
      c,
      deps,
      `${problems.length ? 'Error: ' : ''}Publish a slate`,
      <>
        <ErrorSummary errors={problems} />
        <span class="caption">{election.title}</span>
        <h1>Publish a slate</h1>
        <form method="post" action={`/elections/${election.id}/slates`} novalidate>
          <CsrfField c={c} />
          <div class={problem('name') ? 'field field-error' : 'field'}>
            <label for="name">Name of the slate</label>
            {problem('name') && <p class="error-message">{problem('name')}</p>}
            <input type="text" id="name" name="name" value={values.name ?? ''} />
          </div>
          <div class="field">
            <label for="description">What the slate stands for (optional)</label>
            <textarea id="description" name="description" rows={4}>
              {values.description ?? ''}
            </textarea>
          </div>
          <fieldset class={problem('candidates') ? 'field field-error' : 'field'} id="candidates">
            <legend>Candidates you endorse, with your recommended order</legend>
            <p class="hint">
              Give 1 to the candidate you recommend first, and so on; leave the others blank.
            </p>
            {problem('candidates') && <p class="error-message">{problem('candidates')}</p>}
            {candidates.map((x) => (
              <div class="choice">
                <select
                  id={`order-${x.id}`}
                  name={`order-${x.id}`}
                  aria-label={`Order for ${x.name}`}
                >
                  <option value="">–</option>
                  {candidates.map((_, i) => (
                    <option
                      value={String(i + 1)}
                      selected={values[`order-${x.id}`] === String(i + 1)}
                    >
                      {i + 1}
                    </option>
                  ))}
                </select>
                <label for={`order-${x.id}`} class="inline-label">
                  {x.name}
                </label>
              </div>
            ))}
          </fieldset>
          <button class="button" type="submit">
            Publish the slate
          </button>
        </form>
      </>,
      problems.length ? 400 : 200,
    );
  };

  const gate = async (c: PageContext) => {
    const election = await electionFromPath(deps, c.req.param('id') ?? '');
    const actor = requirePermission(c, 'slate.publish', { electionId: election.id });
    if (!openStages.includes(election.stage))
      throw new HTTPException(400, {
        message: 'Slates are published between the opening of nominations and the close of voting.',
      });
    return { election, actor };
  };

  app.get('/elections/:id/slates/new', async (c) => {
    const { election } = await gate(c);
    return form(c, election.id);
  });

  app.post('/elections/:id/slates', async (c) => {
    const { election, actor } = await gate(c);
    const body = await c.req.parseBody();
    const values: Record<string, string> = {};
    for (const [k, v] of Object.entries(body)) if (typeof v === 'string') values[k] = v.trim();
    const candidates = new Set((await candidatesOf(deps.db, election.id)).map((x) => x.id));
    const chosen = Object.entries(values)
      .flatMap(([k, v]) => {
        const m = k.match(/^order-(\d+)$/);
        return m && v !== '' ? [{ id: Number(m[1]), position: Number(v) }] : [];
      })
      .sort((a, b) => a.position - b.position);
    const problems: { field: string; message: string }[] = [];
    if (!values.name) problems.push({ field: 'name', message: 'Enter a name for the slate' });
    else if (values.name.length > 120)
      problems.push({ field: 'name', message: 'Keep the name to 120 characters' });
    if (chosen.length === 0)
      problems.push({ field: 'candidates', message: 'Choose at least one candidate' });
    if (chosen.some((x) => !candidates.has(x.id)))
      problems.push({
        field: 'candidates',
        message: 'Choose candidates standing in this election',
      });
    if (chosen.some((x, i) => x.position !== i + 1))
      problems.push({
        field: 'candidates',
        message: 'Number your order 1, 2, 3 and so on, without gaps or repeats',
      });
    const taken = values.name ? await slateNameTaken(deps.db, election.id, values.name) : false;
    if (taken)
      problems.push({
        field: 'name',
        message: 'A slate of that name is already published in this election',
      });
    if (problems.length > 0) return form(c, election.id, problems, values);
    await publishSlate(
      deps.db,
      {
        electionId: election.id,
        name: values.name!,
        description: values.description ?? '',
        candidates: chosen,
      },
      actor.memberId,
    );
    return c.redirect(`/elections/${election.id}#slates`, 303);
  });

  return app;
}
