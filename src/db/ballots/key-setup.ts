import { Refusal } from '../../core/refusal.ts';
import { groupByName } from '../../crypto/groups.ts';
import { parseJson } from '../../crypto/json.ts';
import { makeThresholdParameters, readCertificates } from '../../crypto/pedersen.ts';
import {
  checkCertificate,
  checkPolynomial,
  checkVoutput,
} from '../../org/ballots/pedersen-checks.ts';
import {
  beforeBallot,
  KEY_SETUP_ROUNDS,
  type KeySetupKind,
  keySetupNames,
  keySetupRefusal,
  keySetupRound,
} from '../../org/ballots/trustee-tasks.ts';
import { audit } from '../core/audit.ts';
import { trusteesOf } from './trustees.ts';
import { checked, type Db, lockVerifiable, trusteePosition } from './verifiable-election.ts';

/**
 * Threshold key setup (spec 2.0 §3.1.1, §4.6): k of n trustees make the
 * election key together before the ballot opens, in three rounds, each
 * message checked as it arrives (src/org/ballots/pedersen-checks.ts).
 */

/**
 * Threshold key setup as it stands: the messages each trustee has sent, by
 * position, and the round under way. Round by round, every trustee sends their
 * certificate, then their polynomial (once every certificate is in), then their
 * checked shares (once every polynomial is in).
 */
export async function keySetupState(db: Db, electionId: number, threshold: number) {
  const trustees = await trusteesOf(db, electionId);
  const steps = await db
    .selectFrom('trustee_steps')
    .select(['kind', 'position', 'payload'])
    .where('election_id', '=', electionId)
    .where('kind', 'in', KEY_SETUP_ROUNDS)
    .orderBy('position')
    .execute();
  const sent = (kind: KeySetupKind) =>
    new Map(steps.filter((s) => s.kind === kind).map((s) => [s.position, s.payload]));
  const messages = {
    certificate: sent('certificate'),
    polynomial: sent('polynomial'),
    voutput: sent('voutput'),
  };
  const round = keySetupRound(messages, trustees.length);
  const inOrder = (kind: KeySetupKind) => trustees.map((t) => messages[kind].get(t.position)!);
  const waitingFor = (kind: KeySetupKind) =>
    trustees.filter((t) => !messages[kind].has(t.position)).map((t) => t.name);
  return { trustees, threshold, messages, round, inOrder, waitingFor };
}

export type KeySetupState = Awaited<ReturnType<typeof keySetupState>>;

/** Γ: the certificates in trustees' order, one per line (`certs.jsons`). */
export const certificatesText = (certs: readonly string[]) => certs.map((c) => `${c}\n`).join('');

/**
 * The threshold parameters (trustees.json's "Pedersen" item, §4.6.7) from a
 * complete key setup, every message checked again together.
 */
export function thresholdParameters(group: ReturnType<typeof groupByName>, state: KeySetupState) {
  return checked('key setup', () =>
    makeThresholdParameters(
      group,
      readCertificates(group, certificatesText(state.inOrder('certificate'))),
      state.inOrder('polynomial'),
      state.inOrder('voutput'),
    ),
  );
}

/**
 * A threshold trustee's message of key setup (spec 2.0 §4.6), made in their
 * browser: their certificate (§4.6.2), their polynomial (§4.6.4) or their
 * voutput (§4.6.6), each checked before it is kept. Each round waits for every
 * trustee; a message once sent cannot be replaced, since the next round is
 * built on it. The last voutput completes the election key.
 */
export async function recordKeySetupStep(
  db: Db,
  electionId: number,
  memberId: number,
  kind: KeySetupKind,
  json: string,
) {
  return db.transaction().execute(async (trx) => {
    const election = await lockVerifiable(trx, electionId);
    if (!beforeBallot(election.stage))
      throw new Refusal('The ballot has opened: the election key can no longer change.');
    const position = await trusteePosition(trx, electionId, memberId);
    const threshold = election.trustee_threshold;
    if (threshold === null)
      throw new Refusal(
        'Every trustee of this election makes a key of their own: there is no shared key setup.',
      );
    const state = await keySetupState(trx, electionId, threshold);
    const name = keySetupNames[kind];
    const refusal = keySetupRefusal(kind, {
      round: state.round,
      alreadySent: state.messages[kind].has(position),
      waitingFor: state.waitingFor,
    });
    if (refusal) throw new Refusal(refusal);
    const group = groupByName(election.crypto_group);
    const payload = checked(name, () => JSON.stringify(parseJson(json, { check: name, path: '' })));
    let verificationKey: unknown;
    if (kind === 'certificate') {
      checked(name, () =>
        checkCertificate(group, payload, [...state.messages.certificate.values()]),
      );
    } else {
      const certs = checked('certificates', () =>
        readCertificates(group, certificatesText(state.inOrder('certificate'))),
      );
      if (kind === 'polynomial')
        checked(name, () => checkPolynomial(group, certs, position - 1, threshold, payload));
      else
        verificationKey = checked(name, () =>
          checkVoutput(group, certs, state.inOrder('polynomial'), position - 1, payload),
        );
    }
    await trx
      .insertInto('trustee_steps')
      .values({ election_id: electionId, kind, position, payload })
      .execute();
    if (kind === 'voutput') {
      // The share's verification key g^S_j, against which this trustee's decryption is checked.
      await trx
        .updateTable('trustees')
        .set({ public_key: JSON.stringify(verificationKey), key_recorded_at: new Date() })
        .where('election_id', '=', electionId)
        .where('position', '=', position)
        .execute();
    }
    await audit(trx, {
      electionId,
      actorId: memberId,
      action: `trustee ${name} recorded`,
      detail: { trustee: position },
    });
    const after = await keySetupState(trx, electionId, threshold);
    if (after.round === 'complete') {
      thresholdParameters(group, after);
      await audit(trx, {
        electionId,
        actorId: memberId,
        action: 'threshold key made',
        detail: { threshold, trustees: after.trustees.length },
      });
    }
    return { round: after.round };
  });
}

/**
 * The returning officer starts a threshold key setup again, before the ballot
 * opens: when a trustee has lost their private key file, or found that a
 * share dealt to them does not match its dealer's commitments. Every message
 * sent so far is discarded; each trustee makes a new certificate.
 */
export async function restartKeySetup(db: Db, electionId: number, actorId: number) {
  return db.transaction().execute(async (trx) => {
    const election = await lockVerifiable(trx, electionId);
    if (!beforeBallot(election.stage))
      throw new Refusal('The ballot has opened: the election key can no longer change.');
    if (election.trustee_threshold === null)
      throw new Refusal('Every trustee of this election makes a key of their own.');
    const discarded = await trx
      .deleteFrom('trustee_steps')
      .where('election_id', '=', electionId)
      .where('kind', 'in', KEY_SETUP_ROUNDS)
      .executeTakeFirst();
    if (Number(discarded.numDeletedRows) === 0)
      throw new Refusal('The trustees’ key setup has not started: there is nothing to restart.');
    await trx
      .updateTable('trustees')
      .set({ public_key: null, key_recorded_at: null })
      .where('election_id', '=', electionId)
      .execute();
    await audit(trx, {
      electionId,
      actorId,
      action: 'threshold key setup restarted',
      detail: { discarded: Number(discarded.numDeletedRows) },
    });
  });
}
