import { Writable } from 'node:stream';
import { pino } from 'pino';

import type { Logger } from '../core/logger.ts';

export type { Logger };

/**
 * Structured JSON logs, one object a line. On a terminal they are shown as short
 * readable lines instead. Secrets never reach them: request logs carry the path
 * without its query, sign-in tokens are masked, cookies and credentials redacted.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'grassroots' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: ['req.headers.cookie', 'req.headers.authorization', '*.token', '*.sessionToken'],
    },
    destination ?? (process.stdout.isTTY ? readableLines(process.stdout) : process.stdout),
  );
}

const levels: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};
const quiet = new Set(['app', 'time', 'level', 'msg', 'pid', 'hostname']);

function readableLines(out: NodeJS.WritableStream): pino.DestinationStream {
  return new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) {
        if (!line) continue;
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          const time = String(entry.time ?? '').slice(11, 19);
          const extra = Object.entries(entry)
            .filter(([key]) => !quiet.has(key))
            .map(
              ([key, value]) =>
                `${key}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`,
            )
            .join(' ');
          out.write(
            `${time} ${levels[entry.level as number] ?? entry.level} ${entry.msg ?? ''} ${extra}\n`,
          );
        } catch {
          out.write(`${line}\n`);
        }
      }
      done();
    },
  });
}
