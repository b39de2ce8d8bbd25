import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { createSignInLink } from '../db/access/index.ts';
import { type Database, openDatabase } from '../db/core/database.ts';
import { migrate } from '../db/core/migrate.ts';
import { isEmpty, seedDemo, seedDemoHistory } from '../db/demo/index.ts';
import { createMailer } from '../mail/mailer.ts';
import { demoAccounts, generateDemo } from '../org/demo/index.ts';
import { createApp } from '../web/shell/app.tsx';
import { type Config, ConfigError } from './config.ts';
import type { Logger } from './logger.ts';
import { gracefulClose } from './shutdown.ts';

export interface RunningServer {
  url: string;
  database: Database;
  /** Stops taking connections, lets in-flight requests finish, then closes the database. */
  close(): Promise<void>;
}

export const demoSeed = 2018;

/** How long requests in flight may take to finish once SIGTERM arrives. */
const shutdownGraceMs = 10_000;

/**
 * Opens the database, applies migrations, seeds the demo organisation on the
 * embedded database's first start, and listens.
 */
export async function startServer(
  config: Config,
  log: Logger,
  options: {
    say?: (line: string) => void;
    /** An already open database (tests); the server closes it on close. */
    database?: Database;
    /** Seed the demo organisation into an empty embedded database (default true). */
    demoOnFirstStart?: boolean;
  } = {},
): Promise<RunningServer> {
  const say = options.say ?? (() => {});
  // Find out now, not after the database has been opened and seeded.
  await checkPortFree(config);
  const database = options.database ?? (await openDatabase(config.database));
  let server: Server | undefined;
  try {
    const applied = await migrate(database.db);
    if (applied.length > 0) log.info({ migrations: applied }, 'migrations applied');

    if (
      database.kind === 'pglite' &&
      options.demoOnFirstStart !== false &&
      (await isEmpty(database.db))
    ) {
      say(
        'First start: creating the demo organisation and its past elections (about 40 seconds)...',
      );
      const today = new Date().toISOString().slice(0, 10);
      const demo = generateDemo({ seed: demoSeed, today });
      await seedDemo(database.db, demo);
      await seedDemoHistory(database.db, demo, today, demoSeed);
    }

    const mailer = createMailer(database.db, {
      smtpUrl: config.smtpUrl,
      from: config.mailFrom,
      onError: (error) => log.warn({ err: error }, 'mail not sent; it stays in the outbox'),
    });
    const app = createApp({
      db: database.db,
      mailer,
      log,
      baseUrl: config.baseUrl,
      trustProxy: config.trustProxy,
      outboxPage: !config.smtpUrl,
    });
    server = createAdaptorServer({ fetch: app.fetch }) as Server;
    const closeGracefully = gracefulClose(server);
    // Queued mail (ballot invitations, reminders) goes out in the background.
    let delivering = Promise.resolve();
    const delivery = setInterval(() => {
      delivering = delivering
        .then(() => mailer.deliverQueued())
        .then(
          (n) => {
            if (n > 0) log.info({ sent: n }, 'queued mail delivered');
          },
          (error) => log.warn({ err: error }, 'queued mail not delivered; will retry'),
        );
    }, 2_000);
    delivery.unref();
    await listen(server, config);
    const { port } = server.address() as AddressInfo;
    const url = config.baseUrl;
    log.info({ url, port, database: database.kind }, 'listening');

    // One write, so whoever reads the terminal (or a test) gets the whole message at once.
    const lines = [`grassroots is running at ${url}`];
    if (config.database.kind === 'pglite')
      lines.push(`Data: ${config.database.dataDir ?? 'in memory'}`);
    if (database.kind === 'pglite') lines.push(...(await howToSignIn(database, config)));
    say(lines.join('\n'));

    return {
      url,
      database,
      async close() {
        await closeGracefully(shutdownGraceMs);
        clearInterval(delivery);
        await delivering;
        mailer.close();
        await database.close();
        log.info('stopped');
      },
    };
  } catch (error) {
    server?.close();
    await database.close().catch(() => {});
    throw error;
  }
}

async function checkPortFree(config: Config) {
  const probe = createServer();
  await listen(probe, config);
  await new Promise((resolve) => probe.close(resolve));
}

function listen(server: Server, config: Config): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(
          new ConfigError(
            `port ${config.port} is already in use; stop the program using it or set PORT to another port`,
          ),
        );
      } else if (error.code === 'EACCES') {
        reject(
          new ConfigError(
            `not allowed to listen on port ${config.port}; choose a port above 1023 with PORT`,
          ),
        );
      } else {
        reject(
          new ConfigError(
            `cannot listen on ${config.host}:${config.port} (${error.message}); check HOST and PORT`,
          ),
        );
      }
    });
    server.listen(config.port, config.host, () => resolve());
  });
}

/** Tells the person at the terminal how to sign in as the demo administrator. */
async function howToSignIn(database: Database, config: Config): Promise<string[]> {
  const lines: string[] = [];
  const say = (line: string) => lines.push(line);
  const admin = demoAccounts[0];
  const member = await database.db
    .selectFrom('members')
    .select('id')
    .where('email', '=', admin.email)
    .executeTakeFirst();
  if (!member) return lines;
  const token = await createSignInLink(database.db, member.id);
  say('');
  say(
    `Sign in as the demo administrator (${admin.email}) with this one-time link, valid for 30 minutes:`,
  );
  say(`  ${config.baseUrl}/sign-in/${token}`);
  say(
    config.smtpUrl
      ? `Later, ask for a link at ${config.baseUrl}/sign-in; it is sent by SMTP.`
      : `Later, ask for a link at ${config.baseUrl}/sign-in and read it in the outbox at ${config.baseUrl}/dev/outbox (or restart for a new one).`,
  );
  say(
    `Other demo accounts: ${demoAccounts
      .slice(1)
      .map((a) => a.email)
      .join(', ')}.`,
  );
  return lines;
}
