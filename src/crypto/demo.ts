/**
 * A whole election without a server (issue 6, `verifiable-demo`): setup,
 * credentials, trustees, random ballots, tally, partial decryptions and the
 * result, written as a Belenios archive.
 */
import { ArchiveWriter } from './archive.ts';
import { createBallot, readBallot } from './ballot.ts';
import { BASE58, generateCredential, publicCredential } from './credential.ts';
import { writePublicCredentials } from './credentials-list.ts';
import { type Election, type ElectionTemplate, makeElection } from './election.ts';
import type { AnyGroup } from './group.ts';
import { mergeShuffled, nhCiphertexts, shuffle, writeShuffle } from './mixnet.ts';
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
import { type RandomBytes, randomIndex } from './random.ts';
import { randomPermutation } from './shuffle-proof.ts';
import {
  combineFactors,
  computeResult,
  encryptedTally,
  partialDecrypt,
  type Result,
  writeEncryptedTally,
  writePartialDecryption,
} from './tally.ts';
import {
  electionPublicKey,
  generateTrusteeKey,
  readTrustees,
  type TrusteeKind,
  writeTrustees,
} from './trustees.ts';

export interface DemoOptions {
  group: AnyGroup;
  voters: number;
  trustees: number;
  /**
   * When set, the trustees run Pedersen key generation (spec 2.0 §4.6) and any
   * `threshold` of them can decrypt; a random `threshold` of them do.
   */
  threshold?: number;
  template: ElectionTemplate;
  /** Chooses each voter's plaintext answers. */
  vote: (election: Election, random: RandomBytes) => number[][];
  random: RandomBytes;
  /** Seconds since 1970 for the archive header. */
  timestamp: number;
}

export interface DemoElection {
  uuid: string;
  archive: Uint8Array;
  privateCredentials: string[];
  /** Single trustees' private keys; empty for threshold trustees. */
  trusteePrivateKeys: bigint[];
  /** Threshold trustees' secret seeds (`.key`) and encrypted shares (`.dkey`), as belenios-tool writes them. */
  thresholdTrustees: { seed: string; encryptedShare: string }[];
  /** Owners (numbered from 1) of the partial decryptions, and of the shuffles for a mixnet. */
  decrypting: number[];
  plaintexts: number[][][];
  result: Result;
}

export function generateUuid(random: RandomBytes): string {
  let uuid = '';
  for (let i = 0; i < 14; i++) uuid += BASE58[randomIndex(58, random)];
  return uuid;
}

/** An approval question: choose between 0 and `max` of the candidates. */
export function approvalTemplate(candidates: string[], max: number): ElectionTemplate {
  return {
    name: 'Demonstration election',
    description: `Approval vote: choose up to ${max} candidates.`,
    questions: [
      {
        type: 'homomorphic',
        question: `Choose up to ${max} candidates`,
        answers: candidates,
        blank: false,
        min: 0,
        max,
      },
    ],
  };
}

/**
 * One ranked (non-homomorphic) question, for STV, IRV or Condorcet (§4.9.2).
 * A ballot gives each candidate its rank, 1 for the first preference, 0 when unranked.
 */
export function rankedTemplate(candidates: string[], seats: number): ElectionTemplate {
  return {
    name: 'Demonstration election',
    description: `Ranked vote (STV) for ${seats} seats: number the candidates in order of preference.`,
    questions: [
      {
        type: 'non-homomorphic',
        question: `Rank the candidates for ${seats} seats`,
        answers: candidates,
      },
    ],
  };
}

/** A random ranking of between one and all of the candidates. */
export function randomRanking(election: Election, random: RandomBytes): number[][] {
  return election.questions.map((q) => {
    if (q.type !== 'non-homomorphic') throw new Error('randomRanking: ranked questions only');
    const n = q.answers.length;
    const ranked = 1 + randomIndex(n, random);
    const order = randomPermutation(n, random);
    const ranks: number[] = new Array(n).fill(0);
    order.slice(0, ranked).forEach((candidate, i) => {
      ranks[candidate] = i + 1;
    });
    return ranks;
  });
}

/** A random approval ballot within the question's bounds. */
export function randomApproval(election: Election, random: RandomBytes): number[][] {
  return election.questions.map((q) => {
    if (q.type !== 'homomorphic') throw new Error('randomApproval: homomorphic questions only');
    const count = q.min + randomIndex(q.max - q.min + 1, random);
    const picks = new Set<number>();
    while (picks.size < count) picks.add(randomIndex(q.answers.length, random));
    const values = q.answers.map((_, i) => (picks.has(i) ? 1 : 0));
    return q.blank ? [0, ...values] : values;
  });
}

/** The trustees of a demonstration and the private key each uses to decrypt. */
interface DemoTrustees {
  trustees: TrusteeKind[];
  /** By owner number: the private key (a Single key or a threshold share) of those who decrypt. */
  decryptors: Map<number, bigint>;
  singleKeys: bigint[];
  threshold: { seed: string; encryptedShare: string }[];
}

function singleTrustees(group: AnyGroup, count: number, random: RandomBytes): DemoTrustees {
  const keys = Array.from({ length: count }, () => generateTrusteeKey(group, random));
  return {
    trustees: keys.map((k) => ({ kind: 'Single', key: k.publicKey })),
    decryptors: new Map(keys.map((k, i) => [i + 1, k.privateKey])),
    singleKeys: keys.map((k) => k.privateKey),
    threshold: [],
  };
}

/**
 * §3.1.1 "Pedersen" protocol among `count` trustees, every message passed as the
 * text it would be sent as, then a random `threshold` of them open their shares.
 */
function thresholdTrustees(
  group: AnyGroup,
  count: number,
  threshold: number,
  random: RandomBytes,
): DemoTrustees {
  const keys = Array.from({ length: count }, () => deriveKeys(group, generateSeed(random)));
  const certs = readCertificates(
    group,
    keys.map((k) => `${makeCertificate(group, k, random)}\n`).join(''),
  );
  const polynomials = keys.map((k) => makePolynomial(group, certs, k, threshold, random));
  const vinputs = makeVinputs(group, certs, polynomials);
  const voutputs = keys.map((k, j) => makeVoutput(group, certs, k, vinputs[j]!, random));
  const { parameters, encryptedShares } = makeThresholdParameters(
    group,
    certs,
    polynomials,
    voutputs,
  );
  const chosen = randomPermutation(count, random)
    .slice(0, threshold)
    .sort((a, b) => a - b);
  return {
    trustees: readTrustees(group, `[["Pedersen",${parameters}]]`),
    decryptors: new Map(
      chosen.map((j) => [j + 1, readShare(group, keys[j]!, encryptedShares[j]!)]),
    ),
    singleKeys: [],
    threshold: keys.map((k, j) => ({ seed: k.seed, encryptedShare: encryptedShares[j]! })),
  };
}

export function runDemo(options: DemoOptions): DemoElection {
  const { group, random } = options;
  const uuid = generateUuid(random);
  const setUp =
    options.threshold === undefined
      ? singleTrustees(group, options.trustees, random)
      : thresholdTrustees(group, options.trustees, options.threshold, random);
  const { trustees, decryptors } = setUp;
  const election = makeElection(options.template, group, electionPublicKey(group, trustees), uuid);
  const privateCredentials = Array.from({ length: options.voters }, () =>
    generateCredential(random),
  );
  const publicCredentials = privateCredentials.map((c) => publicCredential(group, c, uuid));
  // §3.1: the credential authority publishes the list in an order unrelated to the voters.
  const sorted = [...publicCredentials].sort((a, b) =>
    group.toString(a) < group.toString(b) ? -1 : 1,
  );

  const archive = new ArchiveWriter(options.timestamp);
  const setup = {
    election: archive.addData(election.json),
    trustees: archive.addData(writeTrustees(group, trustees)),
    credentials: archive.addData(writePublicCredentials(group, sorted)),
  };
  archive.addEvent('Setup', archive.addData(JSON.stringify(setup)));

  const plaintexts: number[][][] = [];
  const cast = privateCredentials.map((credential) => {
    const plain = options.vote(election, random);
    plaintexts.push(plain);
    const json = createBallot(election, credential, plain, random);
    archive.addEvent('Ballot', archive.addData(json));
    return { ballot: readBallot(election, json), weight: 1n };
  });
  archive.addEvent('EndBallots');

  const tally = encryptedTally(election, cast);
  const tallyHash = archive.addData(writeEncryptedTally(group, tally));
  const sized = { num_tallied: cast.length, total_weight: cast.length, encrypted_tally: tallyHash };
  archive.addEvent('EncryptedTally', archive.addData(JSON.stringify(sized)));

  // §3.4 steps 2–4: each trustee in turn shuffles the non-homomorphic answers
  // (with threshold trustees, those who will decrypt).
  let decryptable = tally;
  if (election.questions.some((q) => q.type === 'non-homomorphic')) {
    let input = nhCiphertexts(election, tally);
    for (const owner of decryptors.keys()) {
      const s = shuffle(election, input, random);
      const shuffleHash = archive.addData(writeShuffle(group, s));
      archive.addEvent('Shuffle', archive.addData(JSON.stringify({ owner, payload: shuffleHash })));
      input = s.ciphertexts;
    }
    archive.addEvent('EndShuffles');
    decryptable = mergeShuffled(election, tally, input);
  }

  const owned = new Map<number, ReturnType<typeof partialDecrypt>>();
  for (const [owner, key] of decryptors) {
    const pd = partialDecrypt(election, decryptable, key, random);
    owned.set(owner, pd);
    const pdHash = archive.addData(writePartialDecryption(group, pd));
    archive.addEvent(
      'PartialDecryption',
      archive.addData(JSON.stringify({ owner, payload: pdHash })),
    );
  }
  const factors = combineFactors(election, trustees, decryptable, owned);
  const result = computeResult(election, decryptable, factors, BigInt(cast.length));
  archive.addEvent('Result', archive.addData(JSON.stringify({ result })));
  return {
    uuid,
    archive: archive.bytes(),
    privateCredentials,
    trusteePrivateKeys: setUp.singleKeys,
    thresholdTrustees: setUp.threshold,
    decrypting: [...decryptors.keys()],
    plaintexts,
    result,
  };
}
