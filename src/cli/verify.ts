import { parseArgs } from 'node:util';
import { readArchiveFile } from '../crypto/archive-io.ts';
import { CryptoError } from '../crypto/errors.ts';
import { verifyArchive } from '../crypto/verify.ts';
import { type Command, UsageError } from './command.ts';

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
partial decryptions and the result. Prints each check with its outcome.

Exit status: 0 when every check passes, 1 when one fails, 2 for bad input.
`,
  async run(args) {
    const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
    if (positionals.length !== 1)
      throw new UsageError('verify: expected one DIR_OR_ARCHIVE (see grassroots verify --help)');
    let input: ReturnType<typeof readArchiveFile>;
    try {
      input = readArchiveFile(positionals[0]!);
    } catch (error) {
      if (error instanceof CryptoError)
        throw new UsageError(`verify: ${error.message.replace(/^input: /, '')}`);
      throw error;
    }
    const result = verifyArchive(input.bytes);
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
