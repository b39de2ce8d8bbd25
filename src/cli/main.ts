import { EnvironmentError } from '../core/errors.ts';
import { Refusal } from '../core/refusal.ts';
import { UsageError } from './command.ts';
import { commands } from './commands.ts';

const usage = async () => {
  const loaded = await Promise.all(commands.map((c) => c.load()));
  return [
    'Usage: grassroots COMMAND [options]',
    '',
    'Commands:',
    ...loaded.map((c) => `  ${c.name.padEnd(16)} ${c.summary}`),
    '',
    'Run `grassroots COMMAND --help` for the options of a command.',
  ].join('\n');
};

/** The whole command line: `bin/grassroots` and `npm start` both land here. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${await usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    process.stderr.write(`grassroots: unknown command '${name}'\n\n${await usage()}\n`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.help.trimEnd()}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    return reportError(error);
  }
}

/** Turns an error into one line on stderr and an exit code. */
export function reportError(error: unknown): number {
  const code = (error as { code?: unknown } | null)?.code;
  const badArguments = typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
  // A use case's refusal (src/core/refusal.ts) is input a person can fix, as a usage error is.
  if (error instanceof UsageError || error instanceof Refusal || badArguments) {
    const hint = badArguments ? '; see --help' : '';
    process.stderr.write(`grassroots: ${(error as Error).message}${hint}\n`);
    return 2;
  }
  // The environment is wrong: one line saying what and what to do.
  if (error instanceof EnvironmentError) {
    process.stderr.write(`grassroots: ${error.message}\n`);
    return 1;
  }
  // A bug, not bad input: keep the stack so it can be reported.
  process.stderr.write(
    `grassroots: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  return 70;
}
