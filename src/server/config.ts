import { resolve } from 'node:path';
import { EnvironmentError } from '../core/errors.ts';
import type { DatabaseLocation } from '../db/core/database.ts';

/** Everything the server reads from its environment, checked once at start. */
export interface Config {
  host: string;
  port: number;
  /** The address people use, for links in emails (BASE_URL, else http://localhost:PORT). */
  baseUrl: string;
  database: DatabaseLocation;
  /** SMTP server for outgoing mail; without it mail stays in the outbox. */
  smtpUrl: string | undefined;
  mailFrom: string;
  logLevel: string;
  /** Trust X-Forwarded-Proto from a reverse proxy (for Secure cookies behind HTTPS). */
  trustProxy: boolean;
}

/**
 * The environment is wrong (bad setting, port in use...): the CLI prints the
 * message as one line and exits 1.
 */
export class ConfigError extends EnvironmentError {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

export function readConfig(env: Env = process.env): Config {
  const port = parsePort(env.PORT ?? '3000');
  const host = env.HOST ?? '127.0.0.1';
  const baseUrl = (env.BASE_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  checkUrl('BASE_URL', baseUrl, ['http:', 'https:']);
  const smtpUrl = env.SMTP_URL || undefined;
  if (smtpUrl) checkUrl('SMTP_URL', smtpUrl, ['smtp:', 'smtps:']);
  return {
    host,
    port,
    baseUrl,
    database: databaseLocation(env),
    smtpUrl,
    mailFrom: env.MAIL_FROM ?? 'grassroots <no-reply@grassroots.example>',
    logLevel: env.LOG_LEVEL ?? 'info',
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
  };
}

export function databaseLocation(env: Env = process.env): DatabaseLocation {
  const url = env.DATABASE_URL;
  if (url) {
    checkUrl('DATABASE_URL', url, ['postgres:', 'postgresql:']);
    return { kind: 'postgres', url };
  }
  return { kind: 'pglite', dataDir: resolve(env.GRASSROOTS_DATA || 'data') };
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) {
    throw new ConfigError(`PORT must be a number from 1 to 65535, not '${text}'`);
  }
  return port;
}

function checkUrl(name: string, value: string, protocols: string[]) {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(
      `${name} is not a URL I can read; expected something like ${example(protocols[0]!)}`,
    );
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(
      `${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}, not ${url.protocol}//; ` +
        `expected something like ${example(protocols[0]!)}`,
    );
  }
}

function example(protocol: string): string {
  switch (protocol) {
    case 'postgres:':
      return 'postgres://user:password@localhost:5432/grassroots';
    case 'smtp:':
      return 'smtp://user:password@mail.example.org:587';
    default:
      return 'https://grassroots.example.org';
  }
}
