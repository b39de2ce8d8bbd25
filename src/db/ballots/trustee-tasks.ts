import { groupByName } from '../../crypto/groups.ts';
import { makeVinputs, readCertificates } from '../../crypto/pedersen.ts';
import { type EncryptedTally, writeEncryptedTally } from '../../crypto/tally.ts';
import {
  beforeBallot,
  type KeySetupKind,
  nextTrusteeTask,
  type TrusteeFacts,
  type TrusteeTask,
} from '../../org/ballots/trustee-tasks.ts';
import { certificatesText, type KeySetupState, keySetupState } from './key-setup.ts';
import { ranked, type TallyState, tallyState } from './tally-state.ts';
import { trusteesOf } from './trustees.ts';
import { checked, type Db, trusteePosition } from './verifiable-election.ts';

/**
 * A trustee's task as their page and their browser see it: the rule of
 * src/org/ballots/trustee-tasks.ts applied to what is recorded, with the data
 * the work needs (certificates, the tally as it stands).
 */

type Task = TrusteeTask['task'];
type Of<T extends Task> = Extract<TrusteeTask, { task: T }>;

/** A trustee's task with what the server needs to hand out or check the work. */
export type RecordedTask =
  | Of<'wait' | 'done'>
  | (Of<'key'> & { group: string })
  | (Of<'certificate'> & { group: string; setup: KeySetupState })
  | (Of<'polynomial'> & { group: string; setup: KeySetupState })
  | (Of<'voutput'> & { group: string; setup: KeySetupState })
  | (Of<'shuffle' | 'decrypt'> & { state: TallyState });

/** What a trustee is asked to do now; to make key setup's messages, shuffle or decrypt, with what it needs. */
export async function nextTask(
  db: Db,
  electionId: number,
  memberId: number,
): Promise<RecordedTask> {
  const position = await trusteePosition(db, electionId, memberId);
  const election = await db
    .selectFrom('elections')
    .select(['stage', 'crypto_group', 'trustee_threshold'])
    .where('id', '=', electionId)
    .executeTakeFirstOrThrow();
  const mine = await db
    .selectFrom('trustees')
    .select('public_key')
    .where('election_id', '=', electionId)
    .where('position', '=', position)
    .executeTakeFirstOrThrow();
  const group = election.crypto_group!;
  const threshold = election.trustee_threshold;
  const facts: TrusteeFacts = {
    position,
    stage: election.stage,
    threshold,
    hasKey: mine.public_key !== null,
    trustees: await trusteesOf(db, electionId),
  };
  let setup: KeySetupState | undefined;
  let state: TallyState | undefined;
  if (beforeBallot(election.stage)) {
    if (threshold !== null) {
      setup = await keySetupState(db, electionId, threshold);
      const sent = (kind: KeySetupKind) => new Set(setup!.messages[kind].keys());
      facts.keySetup = {
        certificate: sent('certificate'),
        polynomial: sent('polynomial'),
        voutput: sent('voutput'),
      };
    }
  } else {
    state = await tallyState(db, electionId);
    if (state)
      facts.tally = {
        decrypted: state.setup.result_json !== null,
        ranked: ranked(state.election),
        needed: state.needed,
        pedersen: state.threshold,
        shuffled: state.shuffles.map((s) => s.position),
        decryptedBy: state.decryptions.map((d) => d.position),
      };
  }
  const task = nextTrusteeTask(facts);
  switch (task.task) {
    case 'key':
      return { ...task, group };
    case 'certificate':
    case 'polynomial':
    case 'voutput':
      return { ...task, group, setup: setup! };
    case 'shuffle':
    case 'decrypt':
      return { ...task, state: state! };
    default:
      return task;
  }
}

/** What a trustee is asked to do now, with the data their browser needs. */
export async function trusteeTask(db: Db, electionId: number, memberId: number) {
  const next = await nextTask(db, electionId, memberId);
  if (next.task === 'certificate' || next.task === 'polynomial' || next.task === 'voutput') {
    const { setup, ...task } = next;
    if (next.task === 'certificate') return { ...task, task: 'certificate' as const };
    const certs = setup.inOrder('certificate');
    const certificates = certificatesText(certs);
    if (next.task === 'polynomial') return { ...task, task: 'polynomial' as const, certificates };
    const group = groupByName(next.group);
    const vinput = checked('polynomials', () =>
      makeVinputs(group, readCertificates(group, certificates), setup.inOrder('polynomial')),
    )[next.position - 1]!;
    return { ...task, task: 'voutput' as const, certificates, vinput };
  }
  if (next.task !== 'shuffle' && next.task !== 'decrypt') return next;
  const { state, position } = next;
  const electionJson = state.setup.election_json;
  const write = (tally: EncryptedTally) => writeEncryptedTally(state.election.group, tally);
  if (next.task === 'shuffle')
    return { task: 'shuffle' as const, position, electionJson, inputJson: write(state.input) };
  return {
    task: 'decrypt' as const,
    position,
    electionJson,
    tallyJson: write(state.decryptable),
    // A threshold trustee's share, encrypted for them in key setup (their `.dkey`).
    ...(state.threshold && { encryptedShare: await encryptedShare(db, electionId, position) }),
  };
}

async function encryptedShare(db: Db, electionId: number, position: number) {
  const row = await db
    .selectFrom('trustee_steps')
    .select('payload')
    .where('election_id', '=', electionId)
    .where('kind', '=', 'voutput')
    .where('position', '=', position)
    .executeTakeFirstOrThrow();
  return (JSON.parse(row.payload) as { private_key: string }).private_key;
}
