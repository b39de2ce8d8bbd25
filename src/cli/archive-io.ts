/**
 * The file access of the verifiable-election commands: find the archive of an
 * election directory (the layout `belenios-tool election verify --dir` reads)
 * and write a demo election into one. Here, not in src/crypto, so that the
 * cryptography takes bytes and runs unchanged in the browser (issue 12).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from './command.ts';

/** Reads DIR/UUID.bel (the only .bel in DIR) or the archive file itself; `command` prefixes errors. */
export function readArchiveFile(
  command: string,
  path: string,
): { file: string; bytes: Uint8Array } {
  if (!existsSync(path)) throw new UsageError(`${command}: ${path}: no such file or directory`);
  let file = path;
  if (statSync(path).isDirectory()) {
    const archives = readdirSync(path).filter((f) => f.endsWith('.bel'));
    if (archives.length !== 1) {
      throw new UsageError(
        `${command}: ${path}: expected one .bel archive in the directory, found ${archives.length}`,
      );
    }
    file = join(path, archives[0]!);
  }
  return { file, bytes: new Uint8Array(readFileSync(file)) };
}

/** Writes files into DIR, creating it; refuses to overwrite an existing archive. */
export function writeElectionDirectory(
  command: string,
  dir: string,
  files: Record<string, string | Uint8Array>,
): void {
  mkdirSync(dir, { recursive: true });
  if (readdirSync(dir).some((f) => f.endsWith('.bel'))) {
    throw new UsageError(
      `${command}: ${dir} already holds an election archive; choose an empty directory`,
    );
  }
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
}
