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
  type TrusteeKind,
  writeTrustees,
} from './trustees.ts';

export interface DemoOptions {
  group: AnyGroup;
  voters: number;
  trustees: number;
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
  trusteePrivateKeys: bigint[];
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

export function runDemo(options: DemoOptions): DemoElection {
  const { group, random } = options;
  const uuid = generateUuid(random);
  const keys = Array.from({ length: options.trustees }, () => generateTrusteeKey(group, random));
  const trustees: TrusteeKind[] = keys.map((k) => ({ kind: 'Single', key: k.publicKey }));
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

  // §3.4 steps 2–4: each trustee in turn shuffles the non-homomorphic answers.
  let decryptable = tally;
  if (election.questions.some((q) => q.type === 'non-homomorphic')) {
    let input = nhCiphertexts(election, tally);
    keys.forEach((_, i) => {
      const s = shuffle(election, input, random);
      const shuffleHash = archive.addData(writeShuffle(group, s));
      archive.addEvent(
        'Shuffle',
        archive.addData(JSON.stringify({ owner: i + 1, payload: shuffleHash })),
      );
      input = s.ciphertexts;
    });
    archive.addEvent('EndShuffles');
    decryptable = mergeShuffled(election, tally, input);
  }

  const owned = new Map<number, ReturnType<typeof partialDecrypt>>();
  keys.forEach((k, i) => {
    const pd = partialDecrypt(election, decryptable, k.privateKey, random);
    owned.set(i + 1, pd);
    const pdHash = archive.addData(writePartialDecryption(group, pd));
    archive.addEvent(
      'PartialDecryption',
      archive.addData(JSON.stringify({ owner: i + 1, payload: pdHash })),
    );
  });
  const factors = combineFactors(election, trustees, decryptable, owned);
  const result = computeResult(election, decryptable, factors, BigInt(cast.length));
  archive.addEvent('Result', archive.addData(JSON.stringify({ result })));
  return {
    uuid,
    archive: archive.bytes(),
    privateCredentials,
    trusteePrivateKeys: keys.map((k) => k.privateKey),
    plaintexts,
    result,
  };
}
