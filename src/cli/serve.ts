import { parseArgs } from 'node:util';
import { readConfig } from '../server/config.ts';
import { createLogger } from '../server/logger.ts';
import { startServer } from '../server/start.ts';
import { type Command, UsageError } from './command.ts';
import { say } from './say.ts';

export const serve: Command = {
  name: 'serve',
  summary: 'run the web application (what `npm start` does)',
  help: `Usage: grassroots serve [--port N]

Runs the web application. With no DATABASE_URL it uses the embedded database in
the data folder (GRASSROOTS_DATA, default ./data), creating the schema and a demo
organisation on first start. Migrations apply on every start.

Options:
  --port N    listen on port N (default: PORT, else 3000)

Environment:
  PORT, HOST          where to listen (default 3000 on 127.0.0.1)
  BASE_URL            the address people use, for links in emails
  DATABASE_URL        postgres://user:password@host:5432/db for PostgreSQL 14 or newer
  GRASSROOTS_DATA     folder of the embedded database (default ./data)
  SMTP_URL            smtp://user:password@host:587 to send mail; without it mail
                      stays in the outbox at /dev/outbox
  MAIL_FROM           sender of the mail
  LOG_LEVEL           trace, debug, info (default), warn, error
  TRUST_PROXY=1       behind a reverse proxy that sets X-Forwarded-Proto

Stops cleanly on SIGTERM or Ctrl-C: requests in flight finish, the database closes.`,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: { port: { type: 'string' } },
      strict: true,
    }).valueOf() as {
      values: { port?: string };
    };
    const env = { ...process.env };
    if (values.port !== undefined) {
      if (!/^\d+$/.test(values.port))
        throw new UsageError(`--port must be a number, not '${values.port}'`);
      env.PORT = values.port;
    }
    const config = readConfig(env);
    const log = createLogger(config.logLevel);
    // Listen for signals before starting, so one that arrives mid-start still
    // stops the server cleanly once it is up.
    const signalled = new Promise<string>((resolve) => {
      process.once('SIGTERM', () => resolve('SIGTERM'));
      process.once('SIGINT', () => resolve('SIGINT'));
    });
    const server = await startServer(config, log, { say });
    const signal = await signalled;
    log.info({ signal }, 'stopping');
    try {
      await server.close();
      return 0;
    } catch (error) {
      log.error({ err: error }, 'error while stopping');
      return 1;
    }
  },
};
