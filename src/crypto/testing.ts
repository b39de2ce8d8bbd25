// Node-only: a test helper that runs belenios-tool (node:child_process) and reads its files (node:fs).
/**
 * Test helpers: running belenios-tool, and rewriting an archive (with every
 * hash and parent recomputed) to make tampered variants that a cheating
 * server could publish.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArchiveWriter, type EventType, readArchive } from './archive.ts';
import { decodeTar, utf8 } from './tar.ts';

const ci = process.env.CI === 'true' || process.env.CI === '1';

/** Whether belenios-tool can run; `false` also carries the reason for a skip. */
export function beleniosTool(): true | string {
  const probe = spawnSync('belenios-tool', ['--version'], { encoding: 'utf8' });
  if (probe.status === 0) return true;
  const reason = 'belenios-tool is not installed (apt-get install belenios-tool)';
  if (ci) throw new Error(`${reason}: interop tests cannot be skipped in CI`);
  return reason;
}

/** Runs belenios-tool in `cwd`, returning its standard output. */
export function belenios(cwd: string, args: string[], input?: string): string {
  return execFileSync('belenios-tool', args, {
    cwd,
    input: input ?? '',
    encoding: 'utf8',
    // An encrypted tally or a shuffle of 1,000 ballots is several megabytes of JSON.
    maxBuffer: 1 << 30,
    env: { ...process.env, TERM: 'dumb', BELENIOS_USE_URANDOM: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

export interface Entry {
  kind: 'data' | 'event';
  text: string;
  /** For events. */
  type?: EventType;
  payload?: string;
}

/** The entries of an archive, in order, with their hashes. */
export function entries(bytes: Uint8Array): (Entry & { hash: string })[] {
  readArchive(bytes);
  return decodeTar(bytes)
    .slice(1)
    .map((e) => {
      const [hash = '', kind] = e.name.split('.');
      const text = utf8.decode(e.content);
      if (kind === 'data') return { kind: 'data', text, hash };
      const o = JSON.parse(text) as { type: EventType; payload?: string };
      return { kind: 'event', text, hash, type: o.type, payload: o.payload };
    });
}

/**
 * Rebuilds an archive after `edit` (which may change or drop entries; return
 * undefined to drop), fixing every hash that refers to a changed entry.
 */
export function rewrite(
  bytes: Uint8Array,
  edit: (entry: Entry & { hash: string }, index: number) => Entry | undefined,
): Uint8Array {
  const writer = new ArchiveWriter(1700000000);
  const renamed = new Map<string, string>();
  const fix = (text: string) => text.replace(/[0-9a-f]{64}/g, (h) => renamed.get(h) ?? h);
  entries(bytes).forEach((entry, index) => {
    const edited = edit(entry, index);
    if (!edited) return;
    if (edited.kind === 'data') renamed.set(entry.hash, writer.addData(fix(edited.text)));
    else
      renamed.set(entry.hash, writer.addEvent(edited.type!, edited.payload && fix(edited.payload)));
  });
  return writer.bytes();
}

/** Files in `dir` with this suffix, sorted as the shell's `*.suffix` lists them. */
export function filesEnding(dir: string, suffix: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(suffix))
    .sort();
}

/**
 * belenios-tool's threshold key generation among `count` trustees, `threshold`
 * of whom will be needed, as demo-threshold.sh runs its six steps (spec 2.0
 * §3.1.1): leaves in `dir` each trustee's ID.key, ID.cert, ID.vinput, ID.voutput
 * and ID.dkey (ID is the SHA-256 of the certificate's message), certs.jsons,
 * polynomials.jsons and threshold.json.
 */
export function beleniosThresholdKeys(
  dir: string,
  group: string[],
  count: number,
  threshold: number,
): void {
  const step = (args: string[], input?: string) =>
    belenios(dir, ['setup', 'generate-trustee-key-threshold', ...group, ...args], input);
  for (let i = 0; i < count; i++) step(['--step', '1']);
  const cat = (suffix: string) =>
    filesEnding(dir, suffix)
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('');
  writeFileSync(join(dir, 'certs.jsons'), cat('.cert'));
  const certs = ['--certs', 'certs.jsons'];
  step([...certs, '--step', '2']);
  const keys = filesEnding(dir, '.key');
  const polynomials = keys.map((k) =>
    step([...certs, '--key', k, '--step', '3', '--threshold', String(threshold)]),
  );
  writeFileSync(join(dir, 'polynomials.jsons'), polynomials.join(''));
  step([...certs, '--step', '4', '--polynomials', 'polynomials.jsons']);
  for (const k of keys) {
    const id = k.slice(0, -'.key'.length);
    const vinput = readFileSync(join(dir, `${id}.vinput`), 'utf8');
    writeFileSync(join(dir, `${id}.voutput`), step([...certs, '--key', k, '--step', '5'], vinput));
  }
  writeFileSync(
    join(dir, 'threshold.json'),
    step([...certs, '--step', '6', '--polynomials', 'polynomials.jsons'], cat('.voutput')),
  );
}

/**
 * An election run by belenios-tool's own commands, as its demo scripts do, up to
 * the encrypted tally: credentials, two trustees (or, with `threshold`, one
 * mandatory trustee and a threshold group, as demo-threshold.sh has), the
 * election, one ballot per vote (made by `generate-ballot`), the end of voting
 * and the encrypted tally, all as events of the archive in `dir`. Returns the
 * election's uuid.
 */
export function beleniosUntilTally(
  dir: string,
  election: {
    group: string[];
    questions: unknown;
    votes: string[];
    /** A threshold group: its size and threshold, or steps that leave threshold.json in the directory. */
    threshold?: { trustees: number; threshold: number } | ((dir: string) => void);
  },
): string {
  const { group } = election;
  const uuid = belenios(dir, ['setup', 'generate-token']).trim();
  belenios(dir, [
    'setup',
    'generate-credentials',
    '--uuid',
    uuid,
    ...group,
    '--count',
    String(election.votes.length),
  ]);
  for (const f of readdirSync(dir)) {
    if (f.endsWith('.pubcreds'))
      writeFileSync(join(dir, 'public_creds.json'), readFileSync(join(dir, f)));
    if (f.endsWith('.privcreds'))
      writeFileSync(join(dir, 'private_creds.txt'), readFileSync(join(dir, f)));
  }
  const { threshold } = election;
  if (typeof threshold === 'function') threshold(dir);
  else if (threshold) beleniosThresholdKeys(dir, group, threshold.trustees, threshold.threshold);
  else belenios(dir, ['setup', 'generate-trustee-key', ...group]);
  belenios(dir, ['setup', 'generate-trustee-key', ...group]);
  const pubkeys = readdirSync(dir).filter((f) => f.endsWith('.pubkey'));
  writeFileSync(
    join(dir, 'public_keys.jsons'),
    pubkeys.map((f) => readFileSync(join(dir, f), 'utf8')).join(''),
  );
  belenios(dir, ['setup', 'make-trustees']);
  rmSync(join(dir, 'public_keys.jsons'));
  if (threshold) rmSync(join(dir, 'threshold.json'));
  writeFileSync(join(dir, 'questions.json'), JSON.stringify(election.questions));
  belenios(dir, [
    'setup',
    'make-election',
    '--uuid',
    uuid,
    ...group,
    '--template',
    'questions.json',
  ]);
  belenios(dir, ['archive', 'init']);
  for (const f of ['election.json', 'trustees.json', 'public_creds.json']) rmSync(join(dir, f));
  const creds = readFileSync(join(dir, 'private_creds.txt'), 'utf8').trim().split('\n');
  creds.forEach((line, i) => {
    writeFileSync(join(dir, 'cred'), line.split(' ')[1]!);
    writeFileSync(join(dir, 'vote'), election.votes[i]!);
    const ballot = belenios(dir, [
      'election',
      'generate-ballot',
      '--privcred',
      'cred',
      '--ballot',
      'vote',
    ]);
    belenios(dir, ['archive', 'add-event', '--type=Ballot'], ballot);
  });
  belenios(dir, ['archive', 'add-event', '--type=EndBallots']);
  belenios(
    dir,
    ['archive', 'add-event', '--type=EncryptedTally'],
    belenios(dir, ['election', 'compute-encrypted-tally']),
  );
  return uuid;
}

/**
 * belenios-tool's trustees in `dir` shuffle in turn (spec 2.0 §3.4), each
 * shuffle added to the archive, then EndShuffles.
 */
export function beleniosShuffles(dir: string, shuffles: number) {
  for (let t = 1; t <= shuffles; t++)
    belenios(
      dir,
      ['archive', 'add-event', '--type=Shuffle'],
      belenios(dir, ['election', 'shuffle', '--trustee-id', String(t)]),
    );
  belenios(dir, ['archive', 'add-event', '--type=EndShuffles']);
}

/**
 * The threshold trustees at these positions (from 0, in the order of
 * certs.jsons) decrypt with `decrypt-threshold`, as owners 2, 3, … after the
 * mandatory trustee 1 of beleniosUntilTally; each partial decryption is added
 * to the archive.
 */
export function beleniosThresholdDecrypt(dir: string, positions: number[]): void {
  const keys = filesEnding(dir, '.key');
  for (const i of positions) {
    const key = keys[i]!;
    const pd = belenios(dir, [
      'election',
      'decrypt-threshold',
      '--key',
      key,
      '--decryption-key',
      `${key.slice(0, -'.key'.length)}.dkey`,
      '--trustee-id',
      String(i + 2),
    ]);
    belenios(dir, ['archive', 'add-event', '--type=PartialDecryption'], pd);
  }
}

/**
 * Every trustee in `dir` (one `.privkey` each) decrypts, then the result is
 * computed; all added to the archive.
 */
export function beleniosDecryptAndResult(dir: string): void {
  readdirSync(dir)
    .filter((f) => f.endsWith('.privkey'))
    .forEach((key, i) => {
      const pd = belenios(dir, [
        'election',
        'decrypt',
        '--privkey',
        key,
        '--trustee-id',
        String(i + 1),
      ]);
      belenios(dir, ['archive', 'add-event', '--type=PartialDecryption'], pd);
    });
  belenios(
    dir,
    ['archive', 'add-event', '--type=Result'],
    belenios(dir, ['election', 'compute-result']),
  );
}
