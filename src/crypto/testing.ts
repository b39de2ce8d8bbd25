/**
 * Test helpers: running belenios-tool, and rewriting an archive (with every
 * hash and parent recomputed) to make tampered variants that a cheating
 * server could publish.
 */
import { execFileSync, spawnSync } from 'node:child_process';
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
