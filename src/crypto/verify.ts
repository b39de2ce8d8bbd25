/**
 * The universal verifier: every check of spec 2.0 §3.5 on an election
 * archive, with the outcome of each, so anyone can audit an election with a
 * tool its organisers did not write.
 *
 * One piece: the checks of §3.5 in the spec's order over one parsed archive,
 * each using what the one before established (the election, the counted
 * ballots, the tally): one checklist.
 */
import { type Archive, readArchive } from './archive.ts';
import { type Ballot, ballotProblem, readBallot } from './ballot.ts';
import { readPublicCredentials } from './credentials-list.ts';
import { type Election, readElection } from './election.ts';
import { CryptoError } from './errors.ts';
import { hashJson } from './hash.ts';
import { field, integer, object, parseJson, type Reader, string } from './json.ts';
import { trusting } from './membership.ts';
import { checkThresholdParameters } from './pedersen.ts';
import {
  combineFactors,
  computeResult,
  type EncryptedTally,
  encryptedTally,
  lastBallots,
  type PartialDecryption,
  partialDecryptionProblems,
  type Result,
  readEncryptedTally,
  readPartialDecryption,
  readResult,
  writeEncryptedTally,
  writePartialDecryption,
} from './tally.ts';
import {
  decryptingTrustees,
  electionPublicKey,
  readTrustees,
  type TrusteeKind,
  verifyTrusteeKey,
} from './trustees.ts';
import { checkShuffles } from './verify-shuffles.ts';

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface Verification {
  checks: Check[];
  ok: boolean;
  uuid?: string;
  /** The result as recomputed from the partial decryptions, when it matches the published one. */
  result?: Result;
}

const payload = (archive: Archive, hash: string | undefined, what: string): string => {
  const text = hash === undefined ? undefined : archive.data.get(hash);
  if (text === undefined) throw new CryptoError(what, 'missing payload');
  return text;
};

function reader(check: string): Reader {
  return { check, path: '' };
}

/** The checks verifyArchive makes, in order: a progress bar's steps. */
const CHECKS = 8;

export interface VerifyOptions {
  /**
   * Told how far verification has got, in checks (0 to 8, fractional while the
   * ballots are being checked), with the check under way: for a progress bar.
   */
  onProgress?: (done: number, total: number, check: string) => void;
  /**
   * Ballots already verified elsewhere (verifyArchiveInParallel's worker threads):
   * for each tracker, the problem of that exact ballot text, or undefined when it
   * verified. The proofs and group membership of verified ones are not checked
   * again; everything else is.
   */
  ballotProblems?: ReadonlyMap<string, string | undefined>;
  /**
   * Partial decryptions checked elsewhere: by decryptionKey of (tally, trustee
   * key, partial decryption), the problem or undefined. Those not found are checked here.
   */
  decryptionProblems?: ReadonlyMap<string, string | undefined>;
  /**
   * Shuffles checked elsewhere: by shuffleKey of (input, shuffle text), the
   * problem or undefined. Those not found are checked here.
   */
  shuffleProblems?: ReadonlyMap<string, string | undefined>;
  /**
   * Element texts whose group membership was checked elsewhere (membership.ts):
   * parsed here without checking it again.
   */
  members?: ReadonlySet<string>;
}

/** What decryptionProblems is keyed by: the hash of everything a proof of decryption covers. */
export function decryptionKey(
  election: Election,
  tally: EncryptedTally,
  X: unknown,
  pd: PartialDecryption,
): string {
  const g = election.group;
  return hashJson(
    `${writeEncryptedTally(g, tally)}|${g.toString(X)}|${writePartialDecryption(g, pd)}`,
  );
}

/** Verifies a whole archive and reports every check; never throws on bad input. */
export function verifyArchive(bytes: Uint8Array, options: VerifyOptions = {}): Verification {
  const checks: Check[] = [];
  const progress = options.onProgress ?? (() => {});
  const run = <T>(name: string, body: () => { value: T; detail: string }): T | undefined => {
    try {
      progress(checks.length, CHECKS, name);
      const { value, detail } = body();
      checks.push({ name, ok: true, detail });
      progress(checks.length, CHECKS, name);
      return value;
    } catch (error) {
      if (!(error instanceof CryptoError)) throw error;
      checks.push({ name, ok: false, detail: error.message });
      return undefined;
    }
  };
  const skip = (...names: string[]) => {
    for (const name of names)
      checks.push({ name, ok: false, detail: 'not checked: an earlier check failed' });
  };
  const done = (uuid?: string): Verification => ({ checks, ok: checks.every((c) => c.ok), uuid });

  const archive = run('archive format and event chain', () => {
    const a = readArchive(bytes);
    return {
      value: a,
      detail: `${a.events.length} events, ${a.data.size} data files, hashes and parents consistent`,
    };
  });
  const later = [
    'setup',
    'trustee keys',
    'ballots',
    'encrypted tally',
    'shuffles',
    'partial decryptions',
    'result',
  ];
  if (!archive) {
    skip(...later);
    return done();
  }

  const setup = run('setup', () => {
    const events = archive.events;
    if (events[0]?.type !== 'Setup') throw new CryptoError('setup', 'the first event is not Setup');
    if (events.slice(1).some((e) => e.type === 'Setup'))
      throw new CryptoError('setup', 'more than one Setup event');
    const r = reader('setup');
    const s = object(parseJson(payload(archive, events[0].payload, 'setup'), r), r);
    const read = readElection(payload(archive, string(field(s, 'election', r), r), 'setup'));
    const election = options.members
      ? { ...read, group: trusting(read.group, options.members) }
      : read;
    const trustees = readTrustees(
      election.group,
      payload(archive, string(field(s, 'trustees', r), r), 'setup'),
    );
    const credentials = readPublicCredentials(
      election.group,
      payload(archive, string(field(s, 'credentials', r), r), 'setup'),
    );
    return {
      value: { election, trustees, credentials },
      detail: `election ${election.uuid} in ${election.group.name}: ${election.questions.length} questions, ${trustees.length} trustee items, ${credentials.size} distinct public credentials`,
    };
  });
  if (!setup) {
    skip(...later.slice(1));
    return done();
  }
  const { election, trustees, credentials } = setup;

  run('trustee keys', () => {
    const everyone = decryptingTrustees(trustees);
    everyone.forEach((t) => {
      if (!verifyTrusteeKey(election.group, t.key)) {
        throw new CryptoError(
          'trustee keys',
          `the proof of knowledge of trustee ${t.owner}'s key fails`,
        );
      }
    });
    // §4.6.7: for threshold trustees, the certificates, the signed commitments
    // and that each verification key is the one they give (whose proofs are checked above).
    for (const t of trustees)
      if (t.kind === 'Pedersen') checkThresholdParameters(election.group, t.raw, 'trustee keys');
    const y = electionPublicKey(election.group, trustees);
    if (!election.group.equals(y, election.publicKey)) {
      throw new CryptoError(
        'trustee keys',
        'the election public key is not the product of the trustees’ keys',
      );
    }
    const groups = trustees.filter((t) => t.kind === 'Pedersen').length;
    const pedersen =
      groups === 0
        ? ''
        : `; ${groups} threshold group${groups > 1 ? 's' : ''} with signed certificates and commitments that give their verification keys`;
    return {
      value: true,
      detail: `${everyone.length} keys with valid proofs; the election key is their product${pedersen}`,
    };
  });

  const ballots = run('ballots', () =>
    verifyBallots(
      archive,
      election,
      credentials,
      (fraction) => progress(checks.length + fraction, CHECKS, 'ballots'),
      options.ballotProblems,
    ),
  );
  let tally: Tally | undefined;
  if (ballots) tally = run('encrypted tally', () => checkTally(archive, election, ballots));
  else skip('encrypted tally');
  if (!tally && checks.at(-1)?.name === 'encrypted tally' && checks.at(-1)?.ok) {
    checks.push({ name: 'shuffles', ok: true, detail: 'not yet tallied' });
    checks.push({ name: 'partial decryptions', ok: true, detail: 'not yet tallied' });
    checks.push({ name: 'result', ok: true, detail: 'not yet tallied' });
    return done(election.uuid);
  }
  if (!tally) {
    skip('shuffles', 'partial decryptions', 'result');
    return done(election.uuid);
  }
  // §3.4 step 4: decryption applies to the tally with the shuffled answers merged in.
  const shuffled = run('shuffles', () =>
    checkShuffles(archive, election, trustees, tally.tally, options.shuffleProblems),
  );
  if (!shuffled) {
    skip('partial decryptions', 'result');
    return done(election.uuid);
  }
  const decrypted: Tally = { tally: shuffled, totalWeight: tally.totalWeight };
  const decryptions = run('partial decryptions', () =>
    checkDecryptions(archive, election, trustees, decrypted.tally, options.decryptionProblems),
  );
  if (!decryptions) {
    skip('result');
    return done(election.uuid);
  }
  const result = run('result', () =>
    checkResult(archive, election, trustees, decrypted, decryptions),
  );
  const verification = done(election.uuid);
  if (verification.ok && Array.isArray(result)) verification.result = result;
  return verification;
}

interface CastBallot {
  credential: string;
  ballot: Ballot;
  weight: bigint;
}

function verifyBallots(
  archive: Archive,
  election: Election,
  credentials: Map<string, bigint>,
  progress: (fraction: number) => void,
  verdicts?: ReadonlyMap<string, string | undefined>,
) {
  const cast: CastBallot[] = [];
  let position = 0;
  const seen = new Set<string>();
  const total = archive.events.filter((e) => e.type === 'Ballot').length;
  for (const event of archive.events) {
    if (event.type !== 'Ballot') continue;
    position++;
    if (position % 10 === 0) progress(position / total);
    const json = payload(archive, event.payload, 'ballots');
    const tracker = hashJson(json);
    const where = `ballot ${position} (tracker ${tracker})`;
    if (seen.has(tracker))
      throw new CryptoError('ballots', `${where}: the same ballot was cast twice`);
    seen.add(tracker);
    // A ballot that failed elsewhere is checked again here, for the same message as without workers.
    const verified = verdicts?.has(tracker) === true && verdicts.get(tracker) === undefined;
    let ballot: Ballot;
    try {
      ballot = readBallot(election, json, 'ballots', verified);
    } catch (error) {
      if (!(error instanceof CryptoError)) throw error;
      throw new CryptoError('ballots', `${where}: ${error.message.replace(/^ballots: /, '')}`);
    }
    const credential = election.group.toString(ballot.credential);
    const weight = credentials.get(credential);
    if (weight === undefined)
      throw new CryptoError('ballots', `${where}: its credential is not on the list`);
    const problem = verified ? undefined : ballotProblem(election, ballot);
    if (problem) throw new CryptoError('ballots', `${where}: ${problem}`);
    cast.push({ credential, ballot, weight });
  }
  const counted = lastBallots(cast);
  return {
    value: counted,
    detail: `${cast.length} ballots cast, all signed by listed credentials with valid proofs; ${counted.length} counted (last vote per credential)`,
  };
}

interface Tally {
  tally: EncryptedTally;
  totalWeight: bigint;
}

function checkTally(archive: Archive, election: Election, counted: CastBallot[]) {
  const events = archive.events.filter((e) => e.type === 'EncryptedTally');
  if (events.length === 0)
    return { value: undefined as Tally | undefined, detail: 'not yet tallied' };
  const endBallots = archive.events.findIndex((e) => e.type === 'EndBallots');
  const tallyAt = archive.events.indexOf(events[0]!);
  if (events.length > 1 || endBallots < 0 || endBallots > tallyAt) {
    throw new CryptoError('encrypted tally', 'expected one EncryptedTally event after EndBallots');
  }
  if (archive.events.slice(endBallots).some((e) => e.type === 'Ballot')) {
    throw new CryptoError('encrypted tally', 'a ballot was added after EndBallots');
  }
  const r = reader('encrypted tally');
  const sized = object(parseJson(payload(archive, events[0]!.payload, 'encrypted tally'), r), r);
  const published = readEncryptedTally(
    election.group,
    payload(archive, string(field(sized, 'encrypted_tally', r), r), 'encrypted tally'),
  );
  const totalWeight = counted.reduce((a, b) => a + b.weight, 0n);
  if (integer(field(sized, 'num_tallied', r), r) !== counted.length) {
    throw new CryptoError(
      'encrypted tally',
      `num_tallied is ${String(sized.num_tallied)}, but ${counted.length} ballots count`,
    );
  }
  if (BigInt(integer(field(sized, 'total_weight', r), r)) !== totalWeight) {
    throw new CryptoError(
      'encrypted tally',
      `total_weight is ${String(sized.total_weight)}, expected ${totalWeight}`,
    );
  }
  const mine = encryptedTally(election, counted);
  if (
    writeEncryptedTally(election.group, mine) !== writeEncryptedTally(election.group, published)
  ) {
    throw new CryptoError(
      'encrypted tally',
      'the published encrypted tally is not the product of the counted ballots',
    );
  }
  return {
    value: { tally: published, totalWeight },
    detail: `recomputed from ${counted.length} ballots (total weight ${totalWeight}): identical`,
  };
}

function checkDecryptions(
  archive: Archive,
  election: Election,
  trustees: TrusteeKind[],
  tally: EncryptedTally | undefined,
  known?: ReadonlyMap<string, string | undefined>,
) {
  const owned = new Map<number, PartialDecryption>();
  if (!tally) return { value: owned, detail: 'not yet tallied' };
  const everyone = decryptingTrustees(trustees);
  const read: { owner: number; key: unknown; pd: PartialDecryption }[] = [];
  for (const event of archive.events.filter((e) => e.type === 'PartialDecryption')) {
    const r = reader('partial decryptions');
    const o = object(parseJson(payload(archive, event.payload, 'partial decryptions'), r), r);
    const owner = integer(field(o, 'owner', r), r);
    const trustee = everyone.find((t) => t.owner === owner);
    if (!trustee) throw new CryptoError('partial decryptions', `unknown trustee ${owner}`);
    if (owned.has(owner))
      throw new CryptoError('partial decryptions', `trustee ${owner} decrypted twice`);
    const pd = readPartialDecryption(
      election.group,
      payload(archive, string(field(o, 'payload', r), r), 'partial decryptions'),
      'partial decryptions',
    );
    owned.set(owner, pd);
    read.push({ owner, key: trustee.key.publicKey, pd });
  }
  // Those checked on worker threads (verifyArchiveInParallel) are not checked again;
  // the others all at once: they raise the same ciphertexts to their responses.
  const keys = known && read.map((d) => decryptionKey(election, tally, d.key, d.pd));
  const todo = read.flatMap((_, k) => (keys && known?.has(keys[k]!) ? [] : [k]));
  const found = partialDecryptionProblems(
    election,
    tally,
    todo.map((k) => read[k]!.key),
    todo.map((k) => read[k]!.pd),
  );
  read.forEach(({ owner }, k) => {
    const n = todo.indexOf(k);
    const problem = n >= 0 ? found[n] : known?.get(keys![k]!);
    if (problem) throw new CryptoError('partial decryptions', `trustee ${owner}: ${problem}`);
  });
  return { value: owned, detail: `${owned.size} partial decryptions, every proof valid` };
}

function checkResult(
  archive: Archive,
  election: Election,
  trustees: TrusteeKind[],
  tally: Tally,
  owned: Map<number, PartialDecryption>,
) {
  const events = archive.events.filter((e) => e.type === 'Result');
  if (events.length === 0) return { value: undefined, detail: 'no result yet' };
  if (events.length > 1 || archive.events.at(-1)?.type !== 'Result') {
    throw new CryptoError('result', 'expected one Result event, the last');
  }
  const published = readResult(payload(archive, events[0]!.payload, 'result'));
  const factors = combineFactors(election, trustees, tally.tally, owned);
  const mine = computeResult(election, tally.tally, factors, tally.totalWeight);
  if (JSON.stringify(mine) !== JSON.stringify(published)) {
    throw new CryptoError(
      'result',
      `published ${JSON.stringify(published)}, but the decryptions give ${JSON.stringify(mine)}`,
    );
  }
  return {
    value: mine,
    detail: `recomputed from the partial decryptions: ${JSON.stringify(mine)}`,
  };
}
