/**
 * What a trustee of a verifiable ballot is asked to do next, given what the
 * trustees have recorded: a key before the ballot opens (or, with threshold
 * trustees, the three rounds of key setup, spec 2.0 §4.6), then after the
 * close a shuffle for ranked questions (§3.4) and a partial decryption
 * (§4.18). Pure: src/db/ballots reads the recorded steps and attaches the
 * data a trustee's browser needs to the task this returns.
 */

/** The stages before the ballot opens, while the election key can still change. */
export const beforeBallot = (stage: string) =>
  ['draft', 'nominations', 'candidates_published'].includes(stage);

/** The messages of threshold key setup (§4.6.2, §4.6.4, §4.6.6), in the order of the rounds. */
export type KeySetupKind = 'certificate' | 'polynomial' | 'voutput';
export const KEY_SETUP_ROUNDS: readonly KeySetupKind[] = ['certificate', 'polynomial', 'voutput'];

/** What each round's message is called, for pages and refusals. */
export const keySetupNames: Record<KeySetupKind, string> = {
  certificate: 'certificate',
  polynomial: 'polynomial',
  voutput: 'checked shares',
};

/**
 * The round under way: the first round some trustee has not yet sent, since
 * each round waits for every trustee (the next round is built on it).
 */
export function keySetupRound(
  sent: Record<KeySetupKind, { readonly size: number }>,
  trustees: number,
): KeySetupKind | 'complete' {
  return KEY_SETUP_ROUNDS.find((kind) => sent[kind].size < trustees) ?? 'complete';
}

/**
 * Why a trustee's message of key setup cannot be recorded now, or undefined
 * when it can: one message per round and trustee, and only in its round.
 */
export function keySetupRefusal(
  kind: KeySetupKind,
  setup: {
    round: KeySetupKind | 'complete';
    alreadySent: boolean;
    waitingFor: (kind: KeySetupKind) => string[];
  },
): string | undefined {
  const name = keySetupNames[kind];
  if (setup.alreadySent) return `You have already sent your ${name}; it cannot be replaced.`;
  if (setup.round === kind) return undefined;
  const now = setup.round === 'complete' ? undefined : setup.round;
  return now && KEY_SETUP_ROUNDS.indexOf(now) < KEY_SETUP_ROUNDS.indexOf(kind)
    ? `It is not yet time for your ${name}: every trustee must first send their ${keySetupNames[now]}. Still to do: ${setup.waitingFor(now).join(', ')}.`
    : `The round for ${name}s is over.`;
}

/** What the trustees have recorded, as far as the next task depends on it. */
export interface TrusteeFacts {
  /** The trustee asking, 1-based. */
  position: number;
  stage: string;
  /** k of k-of-n threshold trustees; null when each trustee makes a key of their own. */
  threshold: number | null;
  /** Whether this trustee's public key (or verification key) is recorded. */
  hasKey: boolean;
  /** Every trustee, in order. */
  trustees: readonly { position: number; name: string }[];
  /** Threshold key setup before the ballot opens: who has sent each round's message. */
  keySetup?: Record<KeySetupKind, ReadonlySet<number>>;
  /** After the close, once the encrypted tally is made; undefined while the ballot is open. */
  tally?: {
    /** Whether the result is decrypted. */
    decrypted: boolean;
    /** Ranked questions are shuffled before they are decrypted. */
    ranked: boolean;
    /** How many must shuffle and decrypt: every Single trustee, and k of a Pedersen group. */
    needed: number;
    /** Whether the trustees are a threshold (Pedersen) group. */
    pedersen: boolean;
    /** Who has shuffled, in the order recorded. */
    shuffled: readonly number[];
    /** Who has decrypted. */
    decryptedBy: readonly number[];
  };
}

/** A round's task of threshold key setup, one member of the union per round. */
type KeySetupTask<K extends KeySetupKind> = K extends KeySetupKind
  ? { task: K; position: number; threshold: number; trustees: number }
  : never;

export type TrusteeTask =
  | { task: 'key'; position: number; hasKey: boolean }
  | { task: 'wait'; position: number; reason: string; waitingFor?: string[] }
  | KeySetupTask<KeySetupKind>
  | { task: 'shuffle'; position: number }
  | { task: 'decrypt'; position: number }
  | { task: 'done'; position: number; tookPart: boolean };

/** The task of one trustee now (the trustee page, and the check before their work is kept). */
export function nextTrusteeTask(facts: TrusteeFacts): TrusteeTask {
  const { position, threshold } = facts;
  const trustees = facts.trustees.length;
  const namesBut = (done: readonly number[]) =>
    facts.trustees.filter((t) => !done.includes(t.position)).map((t) => t.name);
  if (beforeBallot(facts.stage)) {
    if (threshold === null) return { task: 'key', position, hasKey: facts.hasKey };
    const sent = facts.keySetup!;
    const round = keySetupRound(sent, trustees);
    if (round === 'complete')
      return {
        task: 'wait',
        position,
        reason: `The election key is made: any ${threshold} of the ${trustees} trustees can decrypt the result. Keep your private key file safe; you will need it once voting has closed.`,
      };
    if (sent[round].has(position)) {
      const waitingFor = namesBut([...sent[round]]);
      return {
        task: 'wait',
        position,
        reason: `You have sent your ${keySetupNames[round]}. Waiting for the other trustees to send theirs (${trustees - waitingFor.length} of ${trustees} sent).`,
        waitingFor,
      };
    }
    return { task: round, position, threshold, trustees } as KeySetupTask<typeof round>;
  }
  const tally = facts.tally;
  if (!tally) return { task: 'wait', position, reason: 'The ballot is still open.' };
  const { shuffled, decryptedBy, needed, pedersen } = tally;
  if (tally.decrypted) return { task: 'done', position, tookPart: decryptedBy.includes(position) };
  const shufflesDone = !tally.ranked || shuffled.length >= needed;
  if (!shufflesDone) {
    if (shuffled.includes(position))
      return {
        task: 'wait',
        position,
        reason: pedersen
          ? `You have shuffled. Waiting for ${needed - shuffled.length} more of the other trustees to shuffle; any of them can.`
          : 'The other trustees are shuffling.',
        ...(pedersen && { waitingFor: namesBut(shuffled) }),
      };
    // Every trustee in turn; with threshold trustees, the first k to come, in any order.
    if (!pedersen && shuffled.length + 1 !== position)
      return { task: 'wait', position, reason: `Trustee ${shuffled.length + 1} shuffles first.` };
    return { task: 'shuffle', position };
  }
  if (decryptedBy.includes(position))
    return {
      task: 'wait',
      position,
      reason: pedersen
        ? `Your partial decryption is recorded. Waiting for ${needed - decryptedBy.length} more of the other trustees to decrypt; any of them can.`
        : 'The other trustees are decrypting.',
      ...(pedersen && { waitingFor: namesBut(decryptedBy) }),
    };
  return { task: 'decrypt', position };
}
