import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { toJson } from '../count/output/json.ts';
import type { Verification } from '../crypto/verify.ts';
import { verifyArchiveInParallel } from '../crypto/verify-parallel.ts';
import { readArchiveFile } from './archive-io.ts';
import { type Command, UsageError } from './command.ts';
import { countRankings, STV_METHOD } from './verifiable-demo.ts';

/**
 * The count published beside the archive (DIR/count.json, as verifiable-demo
 * writes it) must be what counting the decrypted ballots gives.
 */
function checkCount(dir: string, verification: Verification): { ok: boolean; detail: string } {
  let published: {
    method?: string;
    seats?: number;
    seed?: string;
    candidates?: { name: string }[];
  };
  const text = readFileSync(join(dir, 'count.json'), 'utf8');
  try {
    published = JSON.parse(text);
  } catch {
    return { ok: false, detail: `${dir}/count.json is not valid JSON` };
  }
  if (published.method !== STV_METHOD)
    return {
      ok: false,
      detail: `count.json: cannot repeat a count by ${String(published.method)}`,
    };
  const rankings = verification.result?.[0];
  if (!verification.ok || !Array.isArray(rankings) || !Array.isArray(rankings[0]))
    return { ok: false, detail: 'not checked: the archive gives no verified ranked result' };
  const report = countRankings(
    (published.candidates ?? []).map((c) => c.name),
    rankings as number[][],
    Number(published.seats),
    String(published.seed),
  );
  const mine = `${JSON.stringify(toJson(report), null, 2)}\n`;
  if (mine !== text)
    return {
      ok: false,
      detail: `count.json differs from a ${STV_METHOD} count of the ${rankings.length} decrypted ballots`,
    };
  const elected = report.elected.map((c) => report.candidates[c]!.name).join(', ');
  return {
    ok: true,
    detail: `${STV_METHOD} count of the ${rankings.length} decrypted ballots repeated: elects ${elected}`,
  };
}

/**
 * `grassroots verify DIR_OR_ARCHIVE`: runs every check of the Belenios
 * verifier on an election record, ours or belenios-tool's, printing each
 * check with its outcome. Exit 0 only when all pass, 1 when a check fails,
 * 2 for input that is not an election archive at all.
 */
export const verify: Command = {
  name: 'verify',
  summary: 'verify a verifiable election record (Belenios archive)',
  help: `Usage: grassroots verify DIR_OR_ARCHIVE

Verifies a Belenios election archive (UUID.bel), or the one archive in DIR, the
layout 'belenios-tool election verify --dir DIR' reads: the hash chain, the
trustees' keys, every ballot's signature and proofs, the encrypted tally, the
shuffles of ranked answers and their proofs, the partial decryptions and the
result. When DIR holds count.json (verifiable-demo --kind stv), the count of
the decrypted ballots is repeated too. Prints each check with its outcome.

Exit status: 0 when every check passes, 1 when one fails, 2 for bad input.
`,
  async run(args) {
    const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
    if (positionals.length !== 1)
      throw new UsageError('verify: expected one DIR_OR_ARCHIVE (see grassroots verify --help)');
    const input = readArchiveFile('verify', positionals[0]!);
    // Ballots are verified on one worker thread per core (the report is the same).
    const result = await verifyArchiveInParallel(input.bytes);
    const dir = positionals[0]!;
    if (statSync(dir).isDirectory() && existsSync(join(dir, 'count.json'))) {
      const count = checkCount(dir, result);
      result.checks.push({ name: 'count', ...count });
    }
    const first = result.checks[0];
    if (first && !first.ok)
      throw new UsageError(`verify: ${input.file}: not a valid election archive (${first.detail})`);
    process.stdout.write(`Verifying ${input.file}\n`);
    for (const check of result.checks) {
      process.stdout.write(`${check.ok ? 'pass' : 'FAIL'}  ${check.name}: ${check.detail}\n`);
    }
    const failed = result.checks.filter((c) => !c.ok).length;
    process.stdout.write(
      failed === 0
        ? 'All checks passed.\n'
        : `${failed} of ${result.checks.length} checks failed.\n`,
    );
    return failed === 0 ? 0 : 1;
  },
};
