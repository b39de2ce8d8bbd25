import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { organisationName } from '../../db/core/organisation.ts';
import type { PageContext, WebDeps } from './context.ts';
import { Layout } from './layout.tsx';

/** Renders a page inside the layout, with the organisation's name and the signed-in member. */
export async function render(
  c: PageContext,
  deps: WebDeps,
  title: string,
  body: Child,
  status = 200,
) {
  const organisation = (await organisationName(deps.db)) ?? 'grassroots';
  return c.html(
    <>
      {raw('<!doctype html>')}
      <Layout
        title={title}
        organisation={organisation}
        actor={c.get('actor')}
        csrfToken={c.get('csrfToken') ?? ''}
        outboxPage={deps.outboxPage}
      >
        {body}
      </Layout>
    </>,
    status as 200,
  );
}

/** The hidden CSRF field every form carries. */
export const CsrfField = (props: { c: PageContext }) => (
  <input type="hidden" name="_csrf" value={props.c.get('csrfToken')} />
);
