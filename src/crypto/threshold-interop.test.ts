/**
 * Threshold trustees (spec 2.0 §3.1.1 "Pedersen", §4.6, §4.19) with
 * belenios-tool 2.0, both ways: our 2-of-3 elections verify with it and it
 * recomputes our result; its threshold setup reads with our code byte for byte
 * and its election verifies with ours; one of our trustees takes part in its
 * setup and decryption; tampered threshold data is refused naming the check.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { readArchive } from './archive.ts';
import {
  approvalTemplate,
  type DemoElection,
  randomApproval,
  randomRanking,
  rankedTemplate,
  runDemo,
} from './demo.ts';
import { readElection } from './election.ts';
import { groupByName } from './groups.ts';
import { sha256Hex } from './hash.ts';
import {
  deriveKeys,
  generateSeed,
  makeCertificate,
  makePolynomial,
  makeThresholdParameters,
  makeVinputs,
  makeVoutput,
  readCertificates,
  readShare,
} from './pedersen.ts';
import { seededRandom } from './random.ts';
import { partialDecrypt, readEncryptedTally, writePartialDecryption } from './tally.ts';
import {
  belenios,
  beleniosDecryptAndResult,
  beleniosThresholdDecrypt,
  beleniosTool,
  beleniosUntilTally,
  filesEnding,
  rewrite,
} from './testing.ts';
import { generateTrusteeKey, writeTrusteeKey } from './trustees.ts';
import { type Verification, verifyArchive } from './verify.ts';

const available = beleniosTool();
const skip = available === true ? false : available;
const scratch = mkdtempSync(join(tmpdir(), 'grassroots-threshold-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const GROUP = ['--group', 'BELENIOS-2048'];
const QUESTIONS = {
  description: 'Threshold interop',
  name: 'Threshold interop',
  questions: [{ answers: ['A', 'B', 'C'], min: 0, max: 2, question: 'Q?' }],
};
const VOTES = ['[[1,1,0]]', '[[0,1,0]]', '[[0,1,1]]'];
const bin = new URL('../../bin/grassroots', import.meta.url).pathname;

function failed(v: Verification): string[] {
  return v.checks.filter((c) => !c.ok).map((c) => c.name);
}

function detail(v: Verification, check: string): string {
  return v.checks.find((c) => c.name === check)?.detail ?? '';
}

/** belenios-tool's verdict on an archive: exit status and what it printed. */
function beleniosVerify(dir: string): { ok: boolean; output: string } {
  const run = spawnSync('belenios-tool', ['election', 'verify', '--dir', dir], {
    encoding: 'utf8',
    env: { ...process.env, TERM: 'dumb' },
  });
  return { ok: run.status === 0, output: run.stdout + run.stderr };
}

/** Whether belenios-tool's verifier refuses an archive too: the tampering is real, not ours alone. */
function beleniosRefuses(archive: Uint8Array, uuid: string): boolean {
  const dir = mkdtempSync(join(scratch, 'tampered-'));
  writeFileSync(join(dir, `${uuid}.bel`), archive);
  return !beleniosVerify(dir).ok;
}

/** A partial decryption and its PartialDecryption event's payload, as `archive add-event` reads them. */
function ownedPartialDecryption(json: string, owner: number): string {
  return `${json}\n${JSON.stringify({ owner, payload: sha256Hex(json) })}\n`;
}

describe('threshold trustees with belenios-tool', { skip }, () => {
  describe('a grassroots election with 2 of 3 threshold trustees', () => {
    const demos = new Map<string, { demo: DemoElection; dir: string }>();
    for (const [kind, name] of [
      ['approval', 'BELENIOS-2048'],
      ['stv', 'RFC-3526-2048'],
    ] as const) {
      test(`(${kind}, ${name}) is accepted by belenios-tool election verify, which recomputes our result`, () => {
        const dir = mkdtempSync(join(scratch, `ours-${kind}-`));
        const demo = runDemo({
          group: groupByName(name),
          voters: 4,
          trustees: 3,
          threshold: 2,
          template:
            kind === 'stv'
              ? rankedTemplate(['Ada', 'Bea', 'Cai'], 1)
              : approvalTemplate(['Ada', 'Bea', 'Cai', 'Dev'], 2),
          vote: kind === 'stv' ? randomRanking : randomApproval,
          random: seededRandom(`threshold interop ${kind}`),
          timestamp: 1700000000,
        });
        demos.set(kind, { demo, dir });
        assert.equal(demo.decrypting.length, 2);
        writeFileSync(join(dir, `${demo.uuid}.bel`), demo.archive);
        const verdict = beleniosVerify(dir);
        assert.ok(verdict.ok, verdict.output);
        const theirs = JSON.parse(belenios(dir, ['election', 'compute-result', '--dir', dir])) as {
          result: unknown;
        };
        assert.deepEqual(theirs.result, demo.result);
        assert.deepEqual(failed(verifyArchive(demo.archive)), []);
      });
    }

    test('our trustees’ .key and .dkey files decrypt with belenios-tool decrypt-threshold', () => {
      const { demo } = demos.get('approval')!;
      const dir = mkdtempSync(join(scratch, 'ours-decrypted-by-belenios-'));
      // The archive up to the encrypted tally; belenios-tool's trustees take it from there.
      const tallied = rewrite(demo.archive, (e) =>
        e.type === 'PartialDecryption' || e.type === 'Result' ? undefined : e,
      );
      writeFileSync(join(dir, `${demo.uuid}.bel`), tallied);
      for (const owner of demo.decrypting) {
        const t = demo.thresholdTrustees[owner - 1]!;
        writeFileSync(join(dir, `trustee-${owner}.key`), `${t.seed}\n`);
        writeFileSync(join(dir, `trustee-${owner}.dkey`), `${t.encryptedShare}\n`);
        const pd = belenios(dir, [
          'election',
          'decrypt-threshold',
          '--key',
          `trustee-${owner}.key`,
          '--decryption-key',
          `trustee-${owner}.dkey`,
          '--trustee-id',
          String(owner),
        ]);
        belenios(dir, ['archive', 'add-event', '--type=PartialDecryption'], pd);
      }
      const result = belenios(dir, ['election', 'compute-result']);
      belenios(dir, ['archive', 'add-event', '--type=Result'], result);
      assert.deepEqual(JSON.parse(result).result, demo.result);
      const v = verifyArchive(readFileSync(join(dir, `${demo.uuid}.bel`)));
      assert.deepEqual(failed(v), [], JSON.stringify(v.checks));
    });

    /** The approval election's archive with its trustees.json changed by `edit`. */
    const withParameters = (edit: (p: Record<string, unknown[]>) => void) => {
      const { demo } = demos.get('approval')!;
      return rewrite(demo.archive, (e) => {
        if (!e.text.startsWith('[["Pedersen"')) return e;
        const trustees = JSON.parse(e.text) as [string, Record<string, unknown[]>][];
        edit(trustees[0]![1]);
        return { ...e, text: JSON.stringify(trustees) };
      });
    };

    test('with a verification key replaced by another with a valid proof is refused by the trustee keys check', () => {
      const { demo } = demos.get('approval')!;
      // A trustee who does not decrypt: only the commitments can show its key is wrong.
      const idle = [1, 2, 3].find((o) => !demo.decrypting.includes(o))!;
      const group = groupByName('BELENIOS-2048');
      const impostor = generateTrusteeKey(group, seededRandom('impostor')).publicKey;
      const tampered = withParameters((p) => {
        p.verification_keys![idle - 1] = writeTrusteeKey(group, impostor);
      });
      const v = verifyArchive(tampered);
      assert.deepEqual(failed(v), ['trustee keys']);
      assert.ok(beleniosRefuses(tampered, demos.get('approval')!.demo.uuid));
      assert.match(
        detail(v, 'trustee keys'),
        new RegExp(
          `verification_keys\\[${idle - 1}\\]: trustee ${idle}'s verification key is not the one the commitments give`,
        ),
      );
    });

    test('with a forged proof of knowledge of a share is refused by the trustee keys check', () => {
      const tampered = withParameters((p) => {
        const key = p.verification_keys![0] as { pok: { response: string } };
        key.pok.response = String(BigInt(key.pok.response) ^ 1n);
      });
      const v = verifyArchive(tampered);
      assert.deepEqual(failed(v), ['trustee keys']);
      assert.ok(beleniosRefuses(tampered, demos.get('approval')!.demo.uuid));
      assert.match(detail(v, 'trustee keys'), /proof of knowledge/);
    });

    test('with a coefficient commitment whose signature is not its trustee’s is refused by the trustee keys check', () => {
      const tampered = withParameters((p) => {
        [p.coefexps![0], p.coefexps![1]] = [p.coefexps![1], p.coefexps![0]];
      });
      const v = verifyArchive(tampered);
      assert.deepEqual(failed(v), ['trustee keys']);
      assert.ok(beleniosRefuses(tampered, demos.get('approval')!.demo.uuid));
      assert.match(
        detail(v, 'trustee keys'),
        /coefexps\[0\]\.signature: the signature does not verify/,
      );
    });

    test('with a partial decryption made under another trustee’s share is refused by the partial decryptions check', () => {
      const { demo } = demos.get('approval')!;
      const [first] = demo.decrypting;
      const idle = [1, 2, 3].find((o) => !demo.decrypting.includes(o))!;
      // The first decrypting trustee's factors and proofs, published as the idle trustee's.
      const tampered = rewrite(demo.archive, (e) =>
        e.kind === 'data' && e.text.startsWith(`{"owner":${first},`)
          ? { ...e, text: e.text.replace(`"owner":${first}`, `"owner":${idle}`) }
          : e,
      );
      const v = verifyArchive(tampered);
      assert.deepEqual(failed(v), ['partial decryptions', 'result']);
      assert.match(
        detail(v, 'partial decryptions'),
        new RegExp(`trustee ${idle}: question 1, ciphertext 1: proof of decryption fails`),
      );
      assert.ok(beleniosRefuses(tampered, demo.uuid));
    });
  });

  describe('a threshold setup run by belenios-tool', () => {
    const group = groupByName('BELENIOS-2048');
    const dir = mkdtempSync(join(scratch, 'theirs-'));
    let uuid = '';

    test('is read by our code: the same vinputs and threshold parameters byte for byte, and shares that open', () => {
      uuid = beleniosUntilTally(dir, {
        group: GROUP,
        questions: QUESTIONS,
        votes: VOTES,
        threshold: { trustees: 3, threshold: 2 },
      });
      const certs = readCertificates(group, readFileSync(join(dir, 'certs.jsons'), 'utf8'));
      const ids = certs.map((c) => sha256Hex((c.json as { message: string }).message));
      const polynomials = readFileSync(join(dir, 'polynomials.jsons'), 'utf8').trim().split('\n');
      const vinputs = makeVinputs(group, certs, polynomials);
      for (const [j, id] of ids.entries())
        assert.equal(`${vinputs[j]}\n`, readFileSync(join(dir, `${id}.vinput`), 'utf8'));
      const voutputs = ids.map((id) => readFileSync(join(dir, `${id}.voutput`), 'utf8').trim());
      const made = makeThresholdParameters(group, certs, polynomials, voutputs);
      const trustees = readArchive(readFileSync(join(dir, `${uuid}.bel`)));
      const published = [...trustees.data.values()].find((t) => t.includes('"Pedersen"'))!;
      assert.ok(published.endsWith(`["Pedersen",${made.parameters}]]`));
      ids.forEach((id, j) => {
        const keys = deriveKeys(group, readFileSync(join(dir, `${id}.key`), 'utf8').trim());
        assert.equal(`${made.encryptedShares[j]}\n`, readFileSync(join(dir, `${id}.dkey`), 'utf8'));
        const share = readShare(group, keys, made.encryptedShares[j]!);
        const vk = JSON.parse(made.parameters).verification_keys[j].public_key as string;
        assert.equal(group.toString(group.powG(share)), vk);
      });
    });

    test('decrypted by trustees 2 and 3 of 3 and the mandatory trustee, verifies with our verifier and bin/grassroots verify', () => {
      beleniosThresholdDecrypt(dir, [1, 2]);
      beleniosDecryptAndResult(dir);
      const v = verifyArchive(readFileSync(join(dir, `${uuid}.bel`)));
      assert.deepEqual(failed(v), [], JSON.stringify(v.checks));
      assert.match(detail(v, 'trustee keys'), /4 keys with valid proofs.*1 threshold group/);
      assert.match(detail(v, 'result'), /\[\[1,3,1\]\]/);
      const cli = spawnSync(bin, ['verify', dir], { encoding: 'utf8' });
      assert.equal(cli.status, 0, cli.stdout + cli.stderr);
      assert.match(cli.stdout, /All checks passed/);
    });
  });

  describe('a grassroots trustee in a belenios-tool threshold setup', () => {
    const group = groupByName('BELENIOS-2048');
    const dir = mkdtempSync(join(scratch, 'mixed-'));
    const random = seededRandom('mixed setup');
    const ours = deriveKeys(group, generateSeed(random));
    let share = '';
    let uuid = '';

    /** Steps 1–6 with belenios-tool's commands for two trustees and ours for the third. */
    const thresholdKeys = (d: string) => {
      const step = (args: string[], input?: string) =>
        belenios(d, ['setup', 'generate-trustee-key-threshold', ...GROUP, ...args], input);
      step(['--step', '1']);
      step(['--step', '1']);
      const cert = makeCertificate(group, ours, random);
      const id = sha256Hex(JSON.parse(cert).message);
      writeFileSync(join(d, `${id}.cert`), `${cert}\n`);
      // Our seed beside theirs, so that the .key files list in certificate order.
      writeFileSync(join(d, `${id}.key`), `${ours.seed}\n`);
      const ids = filesEnding(d, '.cert').map((f) => f.slice(0, -'.cert'.length));
      writeFileSync(
        join(d, 'certs.jsons'),
        ids.map((i) => readFileSync(join(d, `${i}.cert`), 'utf8')).join(''),
      );
      const certArgs = ['--certs', 'certs.jsons'];
      step([...certArgs, '--step', '2']); // belenios-tool checks our certificate
      const certs = readCertificates(group, readFileSync(join(d, 'certs.jsons'), 'utf8'));
      const polynomials = ids.map((i) =>
        i === id
          ? `${makePolynomial(group, certs, ours, 2, random)}\n`
          : step([...certArgs, '--key', `${i}.key`, '--step', '3', '--threshold', '2']),
      );
      writeFileSync(join(d, 'polynomials.jsons'), polynomials.join(''));
      step([...certArgs, '--step', '4', '--polynomials', 'polynomials.jsons']);
      const voutputs = ids.map((i) => {
        const vinput = readFileSync(join(d, `${i}.vinput`), 'utf8');
        return i === id
          ? `${makeVoutput(group, certs, ours, vinput.trim(), random)}\n`
          : step([...certArgs, '--key', `${i}.key`, '--step', '5'], vinput);
      });
      const parameters = step(
        [...certArgs, '--step', '6', '--polynomials', 'polynomials.jsons'],
        voutputs.join(''),
      );
      writeFileSync(join(d, 'threshold.json'), parameters);
      const made = makeThresholdParameters(
        group,
        certs,
        polynomials.map((p) => p.trim()),
        voutputs.map((v) => v.trim()),
      );
      assert.equal(made.parameters, parameters.trim(), 'the same threshold.json as belenios-tool');
      share = made.encryptedShares[ids.indexOf(id)]!;
      return ids.indexOf(id);
    };

    let position = -1;
    test('its certificate, polynomial and voutput are accepted by belenios-tool, and it reads theirs', () => {
      uuid = beleniosUntilTally(dir, {
        group: GROUP,
        questions: QUESTIONS,
        votes: VOTES,
        threshold: (d) => {
          position = thresholdKeys(d);
        },
      });
      assert.ok(position >= 0);
    });

    test('it decrypts with one belenios-tool trustee; both verifiers accept the result', () => {
      const archive = readArchive(readFileSync(join(dir, `${uuid}.bel`)));
      const setup = JSON.parse(archive.data.get(archive.events[0]!.payload!)!);
      const election = readElection(archive.data.get(setup.election)!);
      const tallyEvent = archive.events.find((e) => e.type === 'EncryptedTally')!;
      const sized = JSON.parse(archive.data.get(tallyEvent.payload!)!);
      const tally = readEncryptedTally(group, archive.data.get(sized.encrypted_tally)!);
      const pd = partialDecrypt(election, tally, readShare(group, ours, share), random);
      // Owner 1 is the mandatory trustee; the threshold group's trustees follow in certificate order.
      belenios(
        dir,
        ['archive', 'add-event', '--type=PartialDecryption'],
        ownedPartialDecryption(writePartialDecryption(group, pd), position + 2),
      );
      beleniosThresholdDecrypt(dir, [position === 0 ? 1 : 0]);
      beleniosDecryptAndResult(dir);
      const verdict = beleniosVerify(dir);
      assert.ok(verdict.ok, verdict.output);
      const v = verifyArchive(readFileSync(join(dir, `${uuid}.bel`)));
      assert.deepEqual(failed(v), [], JSON.stringify(v.checks));
      assert.match(detail(v, 'result'), /\[\[1,3,1\]\]/);
    });
  });
});
