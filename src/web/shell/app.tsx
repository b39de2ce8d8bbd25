import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { Refusal } from '../../core/refusal.ts';
import { signInRoutes } from '../access/index.ts';
import {
  auditRoutes,
  downloadRoutes,
  postalEntryRoutes,
  postalVoterRoutes,
  resultRoutes,
  verifiableRoutes,
  voteRoutes,
} from '../ballots/index.ts';
import {
  affiliateNominationRoutes,
  branchNominationRoutes,
  candidacyRoutes,
  electionEditRoutes,
  electionNewRoutes,
  electionRoutes,
  manageRoutes,
  slateRoutes,
} from '../elections/index.ts';
import { adminRoutes, memberRoutes } from '../roll/index.ts';
import type { Env, WebDeps } from './context.ts';
import { healthRoutes, outboxRoutes } from './dev.tsx';
import { homeRoutes } from './home.tsx';
import { render } from './render.tsx';
import { csrf, session } from './security.ts';

const stylesheet = readFileSync(new URL('./assets/app.css', import.meta.url), 'utf8');

/** The web application: middleware in order, then each feature's routes. */
export function createApp(deps: WebDeps) {
  const app = new Hono<Env>();

  app.use(requestId());
  app.use(async (c, next) => {
    const log = deps.log.child({ reqId: c.get('requestId') });
    c.set('log', log);
    const started = performance.now();
    await next();
    // The path without its query string: a sign-in token must not reach the logs.
    const path = new URL(c.req.url).pathname.replace(
      /^\/sign-in\/(?!check-email$)[^/]+/,
      '/sign-in/[token]',
    );
    log.info(
      {
        method: c.req.method,
        path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
  });
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    }),
  );

  app.route('/', healthRoutes(deps));
  app.get('/assets/app.css', (c) => {
    c.header('content-type', 'text/css; charset=utf-8');
    c.header('cache-control', 'public, max-age=3600');
    return c.body(stylesheet);
  });

  app.use(csrf(deps));
  app.use(session(deps));
  app.route('/', signInRoutes(deps));
  app.route('/', homeRoutes(deps));
  app.route('/', adminRoutes(deps));
  app.route('/', memberRoutes(deps));
  app.route('/', outboxRoutes(deps));
  app.route('/', electionNewRoutes(deps));
  app.route('/', electionEditRoutes(deps));
  // Before voteRoutes: a verifiable election's ballot page is the booth.
  app.route('/', verifiableRoutes(deps));
  app.route('/', electionRoutes(deps));
  app.route('/', voteRoutes(deps));
  app.route('/', resultRoutes(deps));
  app.route('/', branchNominationRoutes(deps));
  app.route('/', candidacyRoutes(deps));
  app.route('/', affiliateNominationRoutes(deps));
  app.route('/', slateRoutes(deps));
  app.route('/', manageRoutes(deps));
  app.route('/', postalEntryRoutes(deps));
  app.route('/', auditRoutes(deps));
  app.route('/', downloadRoutes(deps));
  app.route('/', postalVoterRoutes(deps));

  app.notFound((c) =>
    render(
      c,
      deps,
      'Page not found',
      <>
        <h1>Page not found</h1>
        <p>If you typed the web address, check it is correct.</p>
        <p>
          <a href="/">Go to your home page</a>
        </p>
      </>,
      404,
    ),
  );

  app.onError(async (caught, c) => {
    // A use case's refusal that no form took up (forms use `attempt`, to show
    // it beside the field): the same 4xx page as an HTTPException, with its message.
    const error =
      caught instanceof Refusal ? new HTTPException(400, { message: caught.message }) : caught;
    if (caught instanceof Refusal) c.get('log')?.info({ reason: caught.message }, 'refused');
    if (error instanceof HTTPException) {
      if (error.res) return error.res;
      const status = error.status;
      const title =
        status === 403
          ? 'You cannot do this'
          : status === 404
            ? 'Page not found'
            : 'There is a problem';
      return render(
        c,
        deps,
        title,
        <>
          <h1>{title}</h1>
          <p>{error.message}</p>
          <p>
            <a href="/">Go to your home page</a>
          </p>
        </>,
        status,
      );
    }
    (c.get('log') ?? deps.log).error({ err: error }, 'unhandled error');
    return c.html(
      '<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Sorry, there is a problem</title></head>' +
        '<body><h1>Sorry, there is a problem with the service</h1><p>Try again later. The problem has been logged.</p></body></html>',
      500,
    );
  });

  return app;
}
