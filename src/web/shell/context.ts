import type { Logger } from '../../core/logger.ts';
import type { Db } from '../../db/core/schema.ts';
import type { Mailer } from '../../mail/mailer.ts';
import type { Actor } from '../../org/access/index.ts';

/** What the web layer is given by whoever starts it (the server or a test). */
export interface WebDeps {
  db: Db;
  mailer: Mailer;
  log: Logger;
  baseUrl: string;
  /** Secure cookies when a reverse proxy says the request came over HTTPS. */
  trustProxy: boolean;
  /** The embedded setup without SMTP: /dev/outbox is offered to administrators. */
  outboxPage: boolean;
}

/** Per-request values the middleware sets. */
export interface Env {
  Variables: {
    requestId: string;
    log: Logger;
    csrfToken: string;
    actor: Actor | undefined;
    sessionToken: string | undefined;
  };
}

/** The context of any route, whatever its path. */
// biome-ignore lint/suspicious/noExplicitAny: hono types each route's path and input; pages accept all
export type PageContext = import('hono').Context<Env, any, any>;
