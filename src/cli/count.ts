import { createReadStream, type ReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Election } from '../count/election.ts';
import { CountInputError } from '../count/errors.ts';
import { readBltChunks } from '../count/formats/blt.ts';
import { findEntry, catalogue as methods, supportsMinimums } from '../count/method-catalogue.ts';
import type { CountReport } from '../count/report.ts';
import { freshSeed } from '../count/tie-break.ts';
import { type Command, UsageError } from './command.ts';

const formats = ['text', 'json', 'csv', 'html'] as const;

/** The methods that take `--min`, as the help and its error say them. */
const withMinimums = methods
  .filter((m) => m.minimums)
  .map((m) => m.name)
  .join(', ')
  .replace(/, ([^,]+)$/, ' or $1');

/**
 * Each report format, loaded only when asked for: a count's time includes
 * loading its modules, so it loads one rule and one format, not all of them.
 */
const writers: Record<(typeof formats)[number], () => Promise<(r: CountReport) => string>> = {
  json: async () => {
    const { toJson } = await import('../count/output/json.ts');
    return (r) => `${JSON.stringify(toJson(r), null, 2)}\n`;
  },
  csv: async () => (await import('../count/output/csv.ts')).toCsv,
  html: async () => (await import('../count/output/html.ts')).toHtml,
  text: async () => (await import('../count/output/text.ts')).toText,
};

/**
 * `grassroots count FILE --method METHOD [--seats N] [--format text|json|csv|html]
 * [--seed S] [--min GROUP:M]`: counts a ballot file and prints the result.
 * Bad input is one line on stderr and exit code 2; the result is printed only
 * once the whole count has succeeded, so there is never a partial result.
 */
export const count: Command = {
  name: 'count',
  summary: 'count a ballot file by a chosen method (STV, block vote...)',
  help: `Usage: grassroots count FILE --method METHOD [options]

Counts the ballots in FILE and prints the result. FILE is BLT (ERS/OpenSTV/
Droop), or by its extension .csv (one ballot per row, names in order of
preference) or .json (see docs/counting.md).

Options:
  --method METHOD     how to count: ${methods.map((m) => m.name).join(', ')}
  --seats N           seats to fill (default: the file's header)
  --format FORMAT     text (default), json, csv or html (a self-contained page with charts)
  --seed S            seed for any draw by lot (default: a fresh one, printed)
  --min GROUP:M       at least M seats to candidates labelled GROUP (repeatable),
                      by ${withMinimums}
  --withdraw NAME     count as if NAME had withdrawn: a countback (repeatable)

Usage: grassroots count --rctab CONFIG.json [--format json]

Runs an RCTab contest config as RCTab would (cast vote record paths relative
to the config) and prints RCTab's detailed-report JSON (an array of reports,
one per seat, for a sequential contest).

Methods:
${methods.map((m) => `  ${m.name.padEnd(18)} ${m.summary}`).join('\n')}
`,
  async run(args) {
    const { values, positionals } = parse(args);
    if (values.rctab !== undefined) return await runRctab(values.rctab, positionals, values.format);
    if (positionals.length !== 1)
      throw new UsageError('count: expected one ballot FILE (see grassroots count --help)');
    const file = positionals[0]!;
    if (values.method === undefined)
      throw new UsageError('count: --method is required (see grassroots count --help)');
    const method = findEntry(values.method);
    if (!method) {
      throw new UsageError(
        `count: unknown method '${values.method}': expected one of ${methods.map((m) => m.name).join(', ')}`,
      );
    }
    const format = values.format ?? 'text';
    if (!(formats as readonly string[]).includes(format)) {
      throw new UsageError(`count: unknown format '${format}': expected text, json, csv or html`);
    }
    const seats = values.seats === undefined ? undefined : wholeNumber('--seats', values.seats);
    const minimums = (values.min ?? []).map(minimum);
    if (minimums.length > 0 && !supportsMinimums(method.name)) {
      throw new UsageError(
        `count: --min is not available with ${method.name}; use ${withMinimums}`,
      );
    }
    const seed = values.seed ?? freshSeed();
    // Loaded while the file is read (awaited below; bad input may end the run first).
    const counting = method.load();
    const writing = writers[format as keyof typeof writers]();
    for (const loading of [counting, writing]) loading.catch(() => {});

    let report: CountReport;
    try {
      const election = withdraw(await readBallotFile(file), values.withdraw ?? []);
      report = (await counting)(election, {
        seed,
        minimums,
        ...(seats === undefined ? {} : { seats }),
      });
    } catch (error) {
      if (error instanceof CountInputError) throw new UsageError(error.at(file));
      throw error;
    }
    process.stdout.write((await writing)(report));
    return 0;
  },
};

/** `--rctab CONFIG.json`: RCTab's contest, RCTab's report shape. */
async function runRctab(
  config: string,
  positionals: string[],
  format: string | undefined,
): Promise<number> {
  if (positionals.length > 0)
    throw new UsageError('count: --rctab takes the config file only, no ballot FILE');
  if (format !== undefined && format !== 'json')
    throw new UsageError("count: --rctab prints RCTab's JSON report: use --format json");
  const read = (path: string, shownAs: string) => {
    try {
      return readFileSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(
        `${shownAs}: ${code === 'ENOENT' ? 'no such file' : `cannot read the file (${code})`}`,
      );
    }
  };
  const text = new TextDecoder().decode(read(config, config));
  const { countRctabContest } = await import('../count/rctab/contest.ts');
  try {
    const folder = (path: string) => {
      try {
        return readdirSync(resolve(dirname(config), path));
      } catch {
        throw new UsageError(`${path}: cannot list the folder`);
      }
    };
    const report = countRctabContest(
      text,
      (path) => read(resolve(dirname(config), path), path),
      config,
      folder,
    );
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof CountInputError) throw new UsageError(error.at(config));
    throw error;
  }
}

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {
        method: { type: 'string' },
        seats: { type: 'string' },
        format: { type: 'string' },
        seed: { type: 'string' },
        min: { type: 'string', multiple: true },
        rctab: { type: 'string' },
        withdraw: { type: 'string', multiple: true },
      },
    });
  } catch (error) {
    throw new UsageError(`count: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Countback: the count again as if these candidates had withdrawn (a vacancy, a disqualification). */
function withdraw(election: Election, names: string[]): Election {
  for (const name of names) {
    if (!election.candidates.some((c) => c.name === name)) {
      throw new UsageError(
        `count: --withdraw ${JSON.stringify(name)} is not a candidate in the file`,
      );
    }
  }
  if (names.length === 0) return election;
  return {
    ...election,
    candidates: election.candidates.map((c) =>
      names.includes(c.name) ? { ...c, withdrawn: true } : c,
    ),
  };
}

function wholeNumber(option: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw new UsageError(`count: ${option} must be a whole number of at least 1, got '${text}'`);
  return Number(text);
}

function minimum(text: string): { group: string; min: number } {
  const m = /^([^:]+):(\d+)$/.exec(text);
  if (!m) throw new UsageError(`count: --min must be GROUP:M, e.g. women:2, got '${text}'`);
  return { group: m[1]!, min: wholeNumber('--min', m[2]!) };
}

/** Reads a BLT file as a stream, showing ballots read when stderr is a terminal. */
/** On a terminal: `[########------------]  40%  412,000 ballots read`, by bytes of the file read. */
function progressBar(stream: ReadStream, size: number): (ballots: number) => void {
  return (ballots) => {
    const share = size > 0 ? Math.min(1, stream.bytesRead / size) : 1;
    const filled = Math.round(share * 20);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(20 - filled)}]`;
    const percent = `${Math.round(share * 100)}%`.padStart(4);
    process.stderr.write(`\r${bar} ${percent}  ${ballots.toLocaleString('en-GB')} ballots read`);
  };
}

async function readBallotFile(file: string) {
  try {
    await access(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CountInputError(
      code === 'ENOENT' ? 'no such file' : `cannot read the file (${code})`,
      file,
    );
  }
  // CSV and JSON ballots are read whole; BLT, the format of large counts, streams.
  if (/\.csv$/i.test(file)) {
    const { parseBallotsCsv } = await import('../count/formats/ballots-csv.ts');
    return parseBallotsCsv(readFileSync(file, 'utf8'), file);
  }
  if (/\.json$/i.test(file)) {
    const { parseBallotsJson } = await import('../count/formats/ballots-json.ts');
    return parseBallotsJson(readFileSync(file, 'utf8'), file);
  }
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  const progress = process.stderr.isTTY ? progressBar(stream, statSync(file).size) : undefined;
  try {
    return await readBltChunks(stream, file, progress);
  } catch (error) {
    if (error instanceof CountInputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new CountInputError(`cannot read the file (${code ?? String(error)})`, file);
  } finally {
    if (progress) process.stderr.write('\r\x1b[K');
  }
}
