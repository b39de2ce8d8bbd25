import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { isHealthy } from '../../db/core/database.ts';
import { newestOutboxMessages } from '../../db/core/outbox.ts';
import type { Env, WebDeps } from './context.ts';
import { formatMoment } from './format.ts';
import { render } from './render.tsx';
import { requirePermission } from './security.ts';

/** The health check, for load balancers and monitors: no session, no cookies. */
export function healthRoutes(deps: WebDeps) {
  const app = new Hono<Env>();
  app.get('/healthz', async (c) => {
    const ok = await isHealthy(deps.db);
    return c.json(
      { status: ok ? 'ok' : 'unavailable', database: ok ? 'ok' : 'unreachable' },
      ok ? 200 : 503,
    );
  });
  return app;
}

/** The outbox of the embedded setup, where mail waits when no SMTP server is set. */
export function outboxRoutes(deps: WebDeps) {
  const app = new Hono<Env>();
  app.get('/dev/outbox', async (c) => {
    if (!deps.outboxPage)
      throw new HTTPException(404, { message: 'Mail is sent by SMTP; there is no outbox page.' });
    requirePermission(c, 'outbox.read');
    const messages = await newestOutboxMessages(deps.db, 50);
    return render(
      c,
      deps,
      'Outbox',
      <>
        <h1>Outbox</h1>
        <p class="lead">
          No SMTP server is set (SMTP_URL), so mail is kept here instead of being sent. The newest
          50 messages:
        </p>
        {messages.length === 0 && <p>No messages yet.</p>}
        {messages.map((m) => (
          <section class="panel" aria-labelledby={`message-${m.id}`}>
            <h2 id={`message-${m.id}`}>{m.subject}</h2>
            <p>
              To {m.recipient}, {formatMoment(m.created_at)}
            </p>
            <pre class="mail">{m.body_text}</pre>
          </section>
        ))}
      </>,
    );
  });

  return app;
}
