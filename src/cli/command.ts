/**
 * A subcommand of `bin/grassroots`. Each lives in its own file under src/cli and
 * is listed once in `commands.ts`.
 */
export interface Command {
  name: string;
  /** One line for `grassroots --help`. */
  summary: string;
  /** Full text for `grassroots NAME --help`. */
  help: string;
  /** Runs the command; resolves to the process exit code. */
  run(args: string[]): Promise<number>;
}

/**
 * Bad use of the command line or bad input a person can fix: printed as one line
 * (`grassroots: FILE:LINE: what is wrong`), exit code 2, never a stack trace.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}
