import { type Context, Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import {
  createSignInLink,
  endSession,
  memberByEmail,
  sessionLifetimeMs,
  signInLinkIsValid,
  useSignInLink,
} from '../../db/access/sign-in.ts';
import { signInLinkMessage } from '../../mail/templates/index.ts';
import type { Env, WebDeps } from '../shell/context.ts';
import { ErrorSummary } from '../shell/layout.tsx';
import { CsrfField, render } from '../shell/render.tsx';
import { cookieOptions, sessionCookie } from '../shell/security.ts';

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Signing in by a one-time link sent by email; no passwords. */
export function signInRoutes(deps: WebDeps) {
  const app = new Hono<Env>();

  const form = (c: Context<Env>, email = '', error?: string) =>
    render(
      c,
      deps,
      error ? 'Error: Sign in' : 'Sign in',
      <>
        <ErrorSummary errors={error ? [{ field: 'email', message: error }] : []} />
        <h1>Sign in</h1>
        <p class="lead">We will email you a link to sign in. There is no password to remember.</p>
        <form method="post" action="/sign-in" novalidate>
          <CsrfField c={c} />
          <div class={error ? 'field field-error' : 'field'}>
            <label for="email">Email address</label>
            <p class="hint" id="email-hint">
              The address your membership record has.
            </p>
            {error && (
              <p class="error-message" id="email-error">
                <span class="visually-hidden">Error:</span> {error}
              </p>
            )}
            <input
              type="email"
              id="email"
              name="email"
              value={email}
              autocomplete="email"
              spellcheck={false}
              aria-describedby={error ? 'email-hint email-error' : 'email-hint'}
            />
          </div>
          <button type="submit" class="button">
            Email me a sign-in link
          </button>
        </form>
      </>,
      error ? 400 : 200,
    );

  app.get('/sign-in', async (c) => (c.get('actor') ? c.redirect('/', 303) : form(c)));

  app.post('/sign-in', async (c) => {
    const body = await c.req.parseBody();
    const email = typeof body.email === 'string' ? body.email.trim() : '';
    if (email === '') return form(c, email, 'Enter your email address');
    if (!emailPattern.test(email) || email.length > 254) {
      return form(c, email, 'Enter an email address in the correct format, like name@example.org');
    }
    const member = await memberByEmail(deps.db, email);
    if (member?.email) {
      const token = await createSignInLink(deps.db, member.id);
      await deps.mailer.send({
        to: member.email,
        ...signInLinkMessage({
          firstName: member.first_name,
          link: `${deps.baseUrl}/sign-in/${token}`,
        }),
      });
      c.get('log').info({ memberId: member.id }, 'sign-in link sent');
    } else {
      // Same answer either way, so the form does not reveal who is a member.
      c.get('log').info('sign-in asked for an address not on the roll');
    }
    return c.redirect('/sign-in/check-email', 303);
  });

  app.get('/sign-in/check-email', (c) =>
    render(
      c,
      deps,
      'Check your email',
      <>
        <h1>Check your email</h1>
        <p class="lead">
          If that address is on the membership roll, we have sent it a link to sign in.
        </p>
        <p>
          The link works once, for 30 minutes. It may take a minute to arrive; check your junk
          folder too.
        </p>
        <p>
          <a href="/sign-in">Ask for another link</a>
        </p>
      </>,
    ),
  );

  // Opening the link shows a button rather than signing in at once: mail scanners
  // that follow links would otherwise use up the one-time link before the member.
  app.get('/sign-in/:token', async (c) => {
    const token = c.req.param('token');
    if (!(await signInLinkIsValid(deps.db, token))) return expired(c);
    return render(
      c,
      deps,
      'Continue signing in',
      <>
        <h1>Continue signing in</h1>
        <form method="post" action={`/sign-in/${encodeURIComponent(token)}`}>
          <CsrfField c={c} />
          <button type="submit" class="button" autofocus>
            Sign in
          </button>
        </form>
      </>,
    );
  });

  app.post('/sign-in/:token', async (c) => {
    const signedIn = await useSignInLink(deps.db, c.req.param('token'));
    if (!signedIn) return expired(c);
    setCookie(
      c,
      sessionCookie,
      signedIn.sessionToken,
      cookieOptions(c, deps, sessionLifetimeMs / 1000),
    );
    c.get('log').info('signed in');
    return c.redirect(signedIn.next, 303);
  });

  app.post('/sign-out', async (c) => {
    const token = c.get('sessionToken');
    if (token) await endSession(deps.db, token);
    deleteCookie(c, sessionCookie, cookieOptions(c, deps));
    return c.redirect('/sign-in', 303);
  });

  const expired = (c: Context<Env>) =>
    render(
      c,
      deps,
      'This link has expired',
      <>
        <h1>This link has expired</h1>
        <p>Sign-in links work once, for 30 minutes.</p>
        <p>
          <a href="/sign-in" class="button">
            Get a new link
          </a>
        </p>
      </>,
      400,
    );

  return app;
}
