/**
 * `npm run bench:count`: counts 1,000,000 ranked ballots (10 candidates,
 * 3 seats) from the file on disk to the printed JSON result, by
 * fractional-droop and scottish-stv, through `bin/grassroots count` exactly as
 * a user runs it; runs RCTab's 1,041,313-ballot Minneapolis scale case from
 * the shared data when present; then runs `belenios-tool method stv --nseats 3`
 * (Debian package belenios-tool) on the same ballots and prints how the times
 * compare.
 * Wall time and peak memory come from /usr/bin/time. A benchmark, never a test.
 *
 *   npm run bench:count [-- BALLOTS]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { writeBallots } from './generate-ballots.ts';

const ballots = Number(process.argv[2] ?? 1_000_000);
const candidates = 10;
const seats = 3;
const dir = join(tmpdir(), 'grassroots-bench');
const blt = join(dir, `ballots-${ballots}.blt`);
const beleniosJson = join(dir, `ballots-${ballots}.belenios.json`);
const bin = fileURLToPath(new URL('../bin/grassroots', import.meta.url));

mkdirSync(dir, { recursive: true });
if (!existsSync(blt)) {
  process.stdout.write(`writing ${ballots.toLocaleString('en-GB')} ballots to ${blt}...\n`);
  await writeBallots(blt, ballots, candidates, seats);
}

interface Run {
  label: string;
  seconds: number;
  megabytes: number;
  result: string;
}

/** Runs a command under /usr/bin/time and reads its wall time and peak memory. */
function timed(label: string, command: string, args: string[], stdin?: string): Run {
  const shell = `ulimit -s unlimited 2>/dev/null || ulimit -s 1000000; exec /usr/bin/time -f '%e %M' "$@"${stdin ? ` < '${stdin}'` : ''}`;
  const run = spawnSync('sh', ['-c', shell, 'sh', command, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const timing = run.stderr.trim().split('\n').at(-1) ?? '';
  const [seconds, kilobytes] = timing.split(' ').map(Number);
  if (run.status !== 0 || seconds === undefined || kilobytes === undefined) {
    throw new Error(`${label} failed (exit ${run.status}): ${run.stderr.trim().slice(-400)}`);
  }
  return { label, seconds, megabytes: kilobytes / 1024, result: run.stdout };
}

const runs: Run[] = [];
const alone = fileURLToPath(new URL('./count-command.ts', import.meta.url));
const electedOf = (run: Run) =>
  (JSON.parse(run.result) as { elected: string[] }).elected.join(', ');
for (const method of ['fractional-droop', 'scottish-stv']) {
  const args = [blt, '--method', method, '--format', 'json', '--seed', '1'];
  const whole = timed(`bin/grassroots count --method ${method}`, process.execPath, [
    bin,
    'count',
    ...args,
  ]);
  runs.push({ ...whole, result: electedOf(whole) });
  // The same command without loading bin/grassroots's other subcommands.
  const own = timed(`  count command alone, ${method}`, process.execPath, [
    '--import',
    'tsx',
    alone,
    ...args,
  ]);
  runs.push({ ...own, result: electedOf(own) });
}

// The Minneapolis 2013 mayoral scale case of RCTab's regression suite: 1,041,313 ballots in 13 .xlsx files.
const scale = fileURLToPath(
  new URL(
    '../../shared/data/rctab/test_data/2013_minneapolis_mayor_scale/2013_minneapolis_mayor_scale_config.json',
    import.meta.url,
  ),
);
if (existsSync(scale)) {
  const run = timed('grassroots count --rctab (Minneapolis scale)', process.execPath, [
    bin,
    'count',
    '--rctab',
    scale,
    '--format',
    'json',
  ]);
  const report = JSON.parse(run.result) as {
    results: { tallyResults: { elected?: string }[] }[];
    summary: { totalNumBallots: string };
  };
  const elected = report.results.flatMap((r) =>
    r.tallyResults.flatMap((t) => (t.elected ? [t.elected] : [])),
  );
  runs.push({
    ...run,
    result: `${elected.join(', ')} (${Number(report.summary.totalNumBallots).toLocaleString('en-GB')} ballots)`,
  });
}

const hasBelenios =
  spawnSync('sh', ['-c', 'command -v belenios-tool'], { encoding: 'utf8' }).status === 0;
if (hasBelenios) {
  if (!existsSync(beleniosJson)) await toBelenios(blt, beleniosJson);
  const run = timed(
    'belenios-tool method stv --nseats 3',
    'belenios-tool',
    ['method', 'stv', '--nseats', String(seats)],
    beleniosJson,
  );
  const winners = (JSON.parse(run.result) as { winners: number[] }).winners;
  runs.push({ ...run, result: winners.map((w) => `Candidate ${w + 1}`).join(', ') });
}

const node = execFileSync(process.execPath, ['--version'], { encoding: 'utf8' }).trim();
process.stdout.write(
  `\n${ballots.toLocaleString('en-GB')} ballots, ${candidates} candidates, ${seats} seats; Node ${node}\n\n`,
);
process.stdout.write(
  `${'run'.padEnd(44)}${'seconds'.padStart(9)}${'peak MB'.padStart(10)}  elected\n`,
);
for (const r of runs) {
  process.stdout.write(
    `${r.label.padEnd(44)}${r.seconds.toFixed(2).padStart(9)}${r.megabytes.toFixed(0).padStart(10)}  ${r.result}\n`,
  );
}
const belenios = runs.find((r) => r.label.startsWith('belenios'));
if (belenios) {
  process.stdout.write('\n');
  for (const r of runs.filter((x) => x !== belenios && !x.label.includes('rctab'))) {
    process.stdout.write(
      `${r.label}: ${(belenios.seconds / r.seconds).toFixed(1)}× faster than belenios-tool\n`,
    );
  }
} else {
  process.stdout.write(
    '\nbelenios-tool not installed (apt-get install belenios-tool): no comparison\n',
  );
}

/** Belenios reads a JSON array of ballots, each the rank (1 = best, 0 = unranked) of every choice. */
async function toBelenios(from: string, to: string): Promise<void> {
  const out = createWriteStream(to);
  out.write('[');
  let first = true;
  let chunk = '';
  let inBallots = false;
  for await (const line of createInterface({
    input: createReadStream(from, { encoding: 'utf8' }),
  })) {
    if (!inBallots) {
      inBallots = true; // the header
      continue;
    }
    if (line === '0') break;
    const prefs = line.split(' ').slice(1, -1).map(Number);
    const ranks = new Array<number>(candidates).fill(0);
    prefs.forEach((c, k) => {
      ranks[c - 1] = k + 1;
    });
    chunk += `${first ? '' : ','}[${ranks.join(',')}]`;
    first = false;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = '';
    }
  }
  out.write(`${chunk}]`);
  await new Promise<void>((r) => out.end(r));
}
