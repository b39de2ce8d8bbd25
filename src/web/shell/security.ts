import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { actorFor, memberForSession } from '../../db/access/index.ts';
import { type Action, can, type Target } from '../../org/access/index.ts';
import type { Env, PageContext, WebDeps } from './context.ts';

export const sessionCookie = 'gr_session';
const csrfCookie = 'gr_csrf';

/** HTTPS as the browser sees it: directly, or through a trusted reverse proxy. */
export function isHttps(c: Context, deps: WebDeps): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return deps.trustProxy && c.req.header('x-forwarded-proto') === 'https';
}

/** Cookie attributes for everything we set: HttpOnly, SameSite=Lax, Secure behind HTTPS. */
export function cookieOptions(c: Context, deps: WebDeps, maxAgeSeconds?: number) {
  return {
    httpOnly: true,
    sameSite: 'Lax' as const,
    secure: isHttps(c, deps),
    path: '/',
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
  };
}

/** Loads the signed-in member (if any) from the server-side session. */
export function session(deps: WebDeps): MiddlewareHandler<Env> {
  return async (c, next) => {
    const token = getCookie(c, sessionCookie);
    let actor: Env['Variables']['actor'];
    if (token) {
      const memberId = await memberForSession(deps.db, token);
      if (memberId !== undefined) actor = await actorFor(deps.db, memberId);
    }
    c.set('actor', actor);
    c.set('sessionToken', actor ? token : undefined);
    await next();
  };
}

/**
 * CSRF protection for every form: a random token in an HttpOnly cookie that each
 * form repeats in a hidden field (double submit), and the browser's Origin header,
 * when sent, must be our own. A cross-site page can make the browser send the
 * cookie but can neither read it nor set the field.
 */
export function csrf(deps: WebDeps): MiddlewareHandler<Env> {
  return async (c, next) => {
    let token = getCookie(c, csrfCookie);
    if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) {
      token = randomBytes(32).toString('base64url');
      setCookie(c, csrfCookie, token, cookieOptions(c, deps));
    }
    c.set('csrfToken', token);
    if (!['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)) {
      const origin = c.req.header('origin');
      if (
        origin &&
        origin !== 'null' &&
        origin !== new URL(c.req.url).origin &&
        origin !== deps.baseUrl
      ) {
        throw new HTTPException(403, {
          message: 'This form was sent from another site, so it was refused.',
        });
      }
      const body = await c.req.parseBody();
      const sent = typeof body._csrf === 'string' ? body._csrf : '';
      if (!equal(sent, token)) {
        throw new HTTPException(403, {
          message:
            'This form has expired or was sent from another site. Go back, reload the page and try again.',
        });
      }
    }
    await next();
  };
}

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The web's one gate onto `can`: a visitor who is not signed in is sent to sign
 * in; a signed-in member without the permission gets 403.
 */
export function requirePermission(c: PageContext, action: Action, target: Target = {}) {
  const actor = c.get('actor');
  if (!actor) {
    throw new HTTPException(303, {
      res: new Response(null, { status: 303, headers: { location: '/sign-in' } }),
    });
  }
  if (!can(actor, action, target)) {
    throw new HTTPException(403, { message: 'You do not have permission to see this page.' });
  }
  return actor;
}
