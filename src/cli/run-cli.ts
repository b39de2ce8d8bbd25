import { type ChildProcess, spawn } from 'node:child_process';

const bin = new URL('../../bin/grassroots', import.meta.url).pathname;
const running = new Set<ChildProcess>();

/** Ends every process a test started and left running (a failed test's server). */
export function killStarted() {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `bin/grassroots ARGS` to the end, as a person would from a shell. */
export function runCli(
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<CliResult> {
  const child = startCli(args, env);
  return finished(child.process).then((code) => ({
    code,
    stdout: child.stdout(),
    stderr: child.stderr(),
  }));
}

/** Starts `bin/grassroots ARGS` and lets the test talk to it while it runs. */
export function startCli(args: string[], env: Record<string, string | undefined> = {}) {
  const process_ = spawn(process.execPath, [bin, ...args], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(process_);
  process_.once('exit', () => running.delete(process_));
  let stdout = '';
  let stderr = '';
  process_.stdout!.on('data', (d) => {
    stdout += d;
  });
  process_.stderr!.on('data', (d) => {
    stderr += d;
  });
  return {
    process: process_,
    stdout: () => stdout,
    stderr: () => stderr,
    /** Resolves when stderr contains `pattern`; rejects if the process ends first. */
    waitFor(pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = stderr.match(pattern);
          if (match) {
            cleanup();
            resolve(match);
          }
        };
        const onExit = (code: number | null) => {
          cleanup();
          reject(new Error(`exited (${code}) before printing ${pattern}:\n${stderr}\n${stdout}`));
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${pattern}:\n${stderr}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          process_.stderr!.off('data', check);
          process_.off('exit', onExit);
        };
        process_.stderr!.on('data', check);
        process_.once('exit', onExit);
        check();
      });
    },
  };
}

export function finished(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** One line, no stack trace: what a person sees for a mistake they can fix. */
export function isOneClearLine(text: string): boolean {
  const lines = text.trim().split('\n');
  return lines.length === 1 && lines[0]!.startsWith('grassroots: ') && !/\n\s+at /.test(text);
}
