/**
 * `npm run lint`: files you can read in one sitting (issue 12, item 7).
 *
 * - A source file in src/db or src/web has at most 400 lines: past that it is
 *   probably two things, so split it by job.
 * - Any other source file in src over 400 lines says at its top why it is one
 *   piece: a line starting `One piece:` in the comments before its first line
 *   of code.
 *
 * Source files are TypeScript and JavaScript; tests (`*.test.ts`) and fixtures
 * are exempt. Lines are counted as `wc -l` counts them.
 *
 * Usage: node --import tsx scripts/check-file-sizes.ts [ROOT]   (ROOT: the
 * folder holding src, the project by default). Exit code 1 names each file.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const limit = 400;

/** Where the limit holds without exception: the layers with the most code to read. */
const strict = /^src\/(db|web)\//;
const source = /\.(ts|tsx|js|mjs|cjs)$/;
const exempt = /(\.test\.tsx?$|(^|\/)fixtures\/)/;

/** The number of lines, as `wc -l` counts them (newlines). */
export function lineCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The comments before the first line of code, without their `//`, `/*` and `*` marks. */
export function openingComment(text: string): string[] {
  const lines: string[] = [];
  let rest = text.replace(/^#![^\n]*\n/, '');
  for (;;) {
    rest = rest.trimStart();
    const line = rest.match(/^\/\/([^\n]*)/);
    const block = rest.match(/^\/\*([\s\S]*?)\*\//);
    const found = line ?? block;
    if (!found) return lines;
    for (const l of found[1]!.split('\n')) lines.push(l.replace(/^\s*\**\s?/, '').trim());
    rest = rest.slice(found[0].length);
  }
}

/** The problems with the files under root/src, one line each; none when all is well. */
export function checkFileSizes(root: string): { problems: string[]; notes: string[] } {
  const problems: string[] = [];
  const notes: string[] = [];
  for (const path of sourceFiles(join(root, 'src'))) {
    const name = relative(root, path).split('\\').join('/');
    const text = readFileSync(path, 'utf8');
    const lines = lineCount(text);
    if (lines <= limit) continue;
    if (strict.test(name))
      problems.push(
        `${name} has ${lines} lines: a file in src/db or src/web has at most ${limit}. Split it by job.`,
      );
    else if (!openingComment(text).some((l) => l.startsWith('One piece:')))
      problems.push(
        `${name} has ${lines} lines, over ${limit}, and its opening comment does not say why it is one piece: split it, or add a line starting "One piece:" that says why.`,
      );
  }
  return { problems, notes };
}

function* sourceFiles(dir: string): Generator<string> {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'fixtures') yield* sourceFiles(path);
    } else if (source.test(entry.name) && !exempt.test(path)) yield path;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] ?? fileURLToPath(new URL('..', import.meta.url));
  const { problems, notes } = checkFileSizes(root);
  for (const note of notes) console.log(`note: ${note}`);
  for (const problem of problems) console.error(`error file-size: ${problem}`);
  if (problems.length > 0) {
    console.error(`\n✘ ${problems.length} file(s) too long to read in one sitting.`);
    process.exit(1);
  }
  console.log(`✔ every file in src can be read in one sitting (${limit} lines, or says why not)`);
}
