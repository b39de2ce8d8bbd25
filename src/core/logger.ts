import type { Logger as PinoLogger } from 'pino';

/**
 * The logger every layer is handed (structured JSON lines with request ids);
 * made by src/server/logger.ts, the composition root's concern.
 */
export type Logger = PinoLogger;
