import { Hono } from 'hono';
import { bundle, bundleNames } from '../shell/bundles.ts';
import type { Env, WebDeps } from '../shell/context.ts';
import { boothRoutes } from './booth.tsx';
import { publicRecordRoutes } from './public-record.tsx';
import { trusteeRoutes } from './trustee.tsx';

/**
 * The pages of a verifiable election (issue 6): the booth (booth.tsx), the
 * public ballot box, the election record and its verifier
 * (public-record.tsx), and the trustees' page (trustee.tsx), with the browser
 * scripts they load. The ballot box, the record and the verifier are public,
 * as in Belenios: anyone, signed in or not, may check an election.
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

  app.route('/', boothRoutes(deps));
  app.route('/', publicRecordRoutes(deps));
  app.route('/', trusteeRoutes(deps));
  return app;
}
