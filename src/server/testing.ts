import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import { type TestDatabase, testDatabase } from '../db/core/testing.ts';
import { type Config, readConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { type RunningServer, startServer } from './start.ts';

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface TestServer extends RunningServer {
  database: TestDatabase;
  /** Every log line written, parsed. */
  logs: Record<string, unknown>[];
}

/** The real server on a test database and a free loopback port. */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const port = await freePort();
  const config: Config = readConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'debug',
    ...env,
  });
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) logs.push(JSON.parse(line));
      done();
    },
  });
  const database = await testDatabase();
  const server = await startServer(config, createLogger('debug', sink), {
    database,
    demoOnFirstStart: false,
  });
  return { ...server, database, logs };
}
