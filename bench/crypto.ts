/**
 * `npm run bench:crypto`: times grassroots's verifiable election (approval,
 * choose up to 3 of 10) in each group, and belenios-tool's verification of
 * the same archive when it is installed. Usage: npm run bench:crypto [-- VOTERS]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { approvalTemplate, randomApproval, runDemo } from '../src/crypto/demo.ts';
import { groupByName } from '../src/crypto/groups.ts';
import { systemRandom } from '../src/crypto/random.ts';
import { verifyArchive } from '../src/crypto/verify.ts';

const voters = Number(process.argv[2] ?? 100);
const candidates = ['Ada', 'Bea', 'Cai', 'Dev', 'Eli', 'Fay', 'Gus', 'Hal', 'Ivy', 'Jo'];
const lines: string[] = [];
for (const name of ['Ed25519', 'BELENIOS-2048', 'RFC-3526-2048']) {
  const started = performance.now();
  const demo = runDemo({
    group: groupByName(name),
    voters,
    trustees: 3,
    template: approvalTemplate(candidates, 3),
    vote: randomApproval,
    random: systemRandom,
    timestamp: Math.floor(Date.now() / 1000),
  });
  const made = (performance.now() - started) / 1000;
  const t = performance.now();
  const ok = verifyArchive(demo.archive).ok;
  const verified = (performance.now() - t) / 1000;
  let belenios = 'n/a';
  if (name !== 'Ed25519' && spawnSync('belenios-tool', ['--version']).status === 0) {
    const dir = mkdtempSync(join(tmpdir(), 'bench-crypto-'));
    writeFileSync(join(dir, `${demo.uuid}.bel`), demo.archive);
    const b = performance.now();
    spawnSync('belenios-tool', ['election', 'verify', '--dir', dir]);
    belenios = ((performance.now() - b) / 1000).toFixed(2);
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `${name}: election ${made.toFixed(2)} s (${(voters / made) | 0} ballots/s made and tallied), verification ${verified.toFixed(2)} s (${ok ? 'pass' : 'FAIL'}), belenios-tool verify ${belenios} s`,
  );
  lines.push(
    `bench kind=approval group=${name} voters=${voters} grassroots_verify_s=${verified.toFixed(2)} belenios_verify_s=${belenios} ratio=${belenios === 'n/a' ? 'n/a' : (Number(belenios) / verified).toFixed(2)}`,
  );
}
for (const line of lines) console.log(line);
