/**
 * The grassroots side of `npm run bench:crypto`: one whole election, stage by
 * stage, as a server, its trustees and an auditor would run it (spec 2.0 §3).
 */
import { ArchiveWriter } from '../src/crypto/archive.ts';
import { readBallot } from '../src/crypto/ballot.ts';
import { generateCredential } from '../src/crypto/credential.ts';
import { approvalTemplate, generateUuid, rankedTemplate } from '../src/crypto/demo.ts';
import { type Election, makeElection } from '../src/crypto/election.ts';
import type { AnyGroup } from '../src/crypto/group.ts';
import { mergeShuffled, nhCiphertexts, shuffleOf, writeShuffle } from '../src/crypto/mixnet.ts';
import { systemRandom } from '../src/crypto/random.ts';
import {
  combineFactors,
  computeResult,
  encryptedTally,
  type PartialDecryption,
  writeEncryptedTally,
  writePartialDecryption,
} from '../src/crypto/tally.ts';
import {
  electionPublicKey,
  generateTrusteeKey,
  type TrusteeKind,
  writeTrustees,
} from '../src/crypto/trustees.ts';
import { verifyArchiveInParallel } from '../src/crypto/verify-parallel.ts';
import { VerifyPool } from '../src/crypto/verify-pool.ts';

export type Kind = 'stv' | 'approval';
export const STAGES = [
  'setup',
  'ballots',
  'server verification',
  'tally/shuffles',
  'decryption',
  'final verification',
] as const;
export type Stage = (typeof STAGES)[number];
export type Timings = Partial<Record<Stage, number>>;

export const CANDIDATES = ['Ada', 'Bea', 'Cai', 'Dev', 'Eli', 'Fay', 'Gus', 'Hal', 'Ivy', 'Jo'];
export const SEATS = 3;
export const TRUSTEES = 3;
export const SHUFFLES = 2;

/**
 * Times `body` in seconds into `timings[stage]`, and the CPU seconds this
 * process spent meanwhile, on every thread, into `cpu[stage]` when given:
 * on a shared machine the CPU time says what the work cost when the elapsed
 * time is stretched by others' load.
 */
export async function timed<T>(
  timings: Timings,
  stage: Stage,
  body: () => T | Promise<T>,
  cpu?: Timings,
): Promise<T> {
  const start = performance.now();
  const used = process.cpuUsage();
  const value = await body();
  timings[stage] = (timings[stage] ?? 0) + (performance.now() - start) / 1000;
  if (cpu) {
    const { user, system } = process.cpuUsage(used);
    cpu[stage] = (cpu[stage] ?? 0) + (user + system) / 1e6;
  }
  return value;
}

/** Runs one election; `votes[i]` is voter i's plaintext, the same as belenios-tool gets. */
export async function grassrootsElection(
  group: AnyGroup,
  kind: Kind,
  votes: number[][][],
): Promise<{ timings: Timings; cpu: Timings; ok: boolean }> {
  const random = systemRandom;
  const timings: Timings = {};
  const cpu: Timings = {};
  const time = <T>(stage: Stage, body: () => T | Promise<T>) => timed(timings, stage, body, cpu);
  const template =
    kind === 'stv' ? rankedTemplate(CANDIDATES, SEATS) : approvalTemplate(CANDIDATES, 3);
  const pool = new VerifyPool();
  const setup = await time('setup', async () => {
    const uuid = generateUuid(random);
    const keys = Array.from({ length: TRUSTEES }, () => generateTrusteeKey(group, random));
    const trustees: TrusteeKind[] = keys.map((k) => ({ kind: 'Single', key: k.publicKey }));
    const election = makeElection(template, group, electionPublicKey(group, trustees), uuid);
    const credentials = votes.map(() => generateCredential(random));
    // The credential authority derives the public credentials on the threads.
    const publicCredentials = await pool.publicCredentials(group, uuid, credentials);
    const listed = new Set(publicCredentials);
    const archive = new ArchiveWriter(Math.floor(Date.now() / 1000));
    const files = {
      election: archive.addData(election.json),
      trustees: archive.addData(writeTrustees(group, trustees)),
      // As writePublicCredentials writes them, in an order unrelated to the voters (§3.1).
      credentials: archive.addData(JSON.stringify([...publicCredentials].sort())),
    };
    archive.addEvent('Setup', archive.addData(JSON.stringify(files)));
    // The server raises the election key for every ballot: its fixed-base table pays.
    group.fixedBase(election.publicKey);
    return { election, keys, trustees, credentials, listed, archive };
  });
  const { election, keys, trustees, archive } = setup;

  // Every voter's browser makes one ballot: here, the threads make them all.
  const jsons = await time('ballots', () => pool.makeBallots(election, setup.credentials, votes));

  const cast = await time('server verification', async () => {
    const problems = await pool.problems(election, jsons);
    return jsons.map((json, i) => {
      if (problems[i]) throw new Error(`ballot ${i + 1} rejected: ${problems[i]}`);
      const ballot = readBallot(election, json, 'ballot box', true);
      if (!setup.listed.has(group.toString(ballot.credential)))
        throw new Error('unlisted credential');
      archive.addEvent('Ballot', archive.addData(json));
      return { ballot, weight: 1n };
    });
  });

  const decryptable = await time('tally/shuffles', () =>
    tallyAndShuffle(election, archive, cast, pool),
  );

  await time('decryption', async () => {
    const owned = new Map<number, PartialDecryption>();
    // Each trustee in turn, as belenios-tool does; each spreads its proofs over the threads.
    for (const [i, k] of keys.entries()) {
      const pd = await pool.partialDecrypt(election, decryptable, k.privateKey);
      owned.set(i + 1, pd);
      const hash = archive.addData(writePartialDecryption(group, pd));
      archive.addEvent(
        'PartialDecryption',
        archive.addData(JSON.stringify({ owner: i + 1, payload: hash })),
      );
    }
    const factors = combineFactors(election, trustees, decryptable, owned);
    const result = computeResult(election, decryptable, factors, BigInt(cast.length));
    archive.addEvent('Result', archive.addData(JSON.stringify({ result })));
  });

  const verification = await time('final verification', () =>
    verifyArchiveInParallel(archive.bytes(), pool),
  );
  await pool.close();
  return { timings, cpu, ok: verification.ok };
}

async function tallyAndShuffle(
  election: Election,
  archive: ArchiveWriter,
  cast: { ballot: ReturnType<typeof readBallot>; weight: bigint }[],
  pool: VerifyPool,
) {
  const group = election.group;
  archive.addEvent('EndBallots');
  const tally = encryptedTally(election, cast);
  const sized = {
    num_tallied: cast.length,
    total_weight: cast.length,
    encrypted_tally: archive.addData(writeEncryptedTally(group, tally)),
  };
  archive.addEvent('EncryptedTally', archive.addData(JSON.stringify(sized)));
  if (!election.questions.some((q) => q.type === 'non-homomorphic')) return tally;
  // §3.4 steps 2–4: trustees 1 and 2 shuffle in turn, as belenios-tool's demo-nh.sh does.
  let input = nhCiphertexts(election, tally);
  for (let owner = 1; owner <= SHUFFLES; owner++) {
    // Each trustee's shuffle and proof spread over the threads (powers.ts).
    const s = await pool.runSteps(election.group, shuffleOf(election, input, systemRandom));
    const hash = archive.addData(writeShuffle(group, s));
    archive.addEvent('Shuffle', archive.addData(JSON.stringify({ owner, payload: hash })));
    input = s.ciphertexts;
  }
  archive.addEvent('EndShuffles');
  return mergeShuffled(election, tally, input);
}
