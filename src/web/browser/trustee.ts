/**
 * A trustee's tools (issue 6; Belenios spec 2.0 §3.1, §3.4, §4.5, §4.17,
 * §4.18), all run in the trustee's browser: the private key is made here and
 * saved by the trustee as a file; it is read back from that file to decrypt
 * and never sent anywhere. Only public keys, shuffles and partial decryptions,
 * each with its proof, go to the server, which checks them before keeping them.
 */
import { readElection } from '../../crypto/election.ts';
import { CryptoError } from '../../crypto/errors.ts';
import type { AnyGroup } from '../../crypto/group.ts';
import { groupByName } from '../../crypto/groups.ts';
import { shuffle, writeShuffle } from '../../crypto/mixnet.ts';
import {
  deriveKeys,
  generateSeed,
  makeCertificate,
  makePolynomial,
  makeVoutput,
  readCertificates,
  readShare,
} from '../../crypto/pedersen.ts';
import { systemRandom } from '../../crypto/random.ts';
import { partialDecrypt, readEncryptedTally, writePartialDecryption } from '../../crypto/tally.ts';
import { generateTrusteeKey, readPrivateKey, writeTrusteeKey } from '../../crypto/trustees.ts';
import { download, element, repaint, say } from './dom.ts';

const form = element<HTMLFormElement>('#trustee');
const payload = element<HTMLInputElement>('#payload');
const { task, group: groupName, taskUrl, keyName, publicKey, threshold } = form.dataset;
const position = Number(form.dataset.position);
element('#trustee-needs-script').hidden = true;
form.hidden = false;

function fail(message: string) {
  say('#trustee-status', '');
  const box = element('#trustee-error');
  say('#trustee-error-text', message);
  box.hidden = false;
  box.focus();
}

async function fetchTask(): Promise<{
  electionJson: string;
  inputJson?: string;
  tallyJson?: string;
  encryptedShare?: string;
  certificates?: string;
  vinput?: string;
  threshold?: number;
}> {
  const response = await fetch(taskUrl ?? '', { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`the server answered ${response.status}`);
  return response.json();
}

if (task === 'key') {
  element('#generate').addEventListener('click', async () => {
    say('#trustee-status', 'Generating your key on this device…');
    await repaint();
    const group = groupByName(groupName ?? '');
    const pair = generateTrusteeKey(group, systemRandom);
    // The private key file in belenios-tool's format: a JSON string of the decimal key.
    const privateText = JSON.stringify(pair.privateKey.toString());
    download(keyName ?? 'private-key.json', privateText);
    const again = element<HTMLAnchorElement>('#download-again');
    again.href = URL.createObjectURL(new Blob([privateText], { type: 'application/json' }));
    again.download = keyName ?? 'private-key.json';
    payload.value = JSON.stringify(writeTrusteeKey(group, pair.publicKey));
    element('#key-made').hidden = false;
    say('#trustee-status', 'Your key is made and your private key file is downloading.');
  });
}

/** Offers the private key file for download, with a link in case the download did not start. */
function keepPrivately(privateText: string) {
  download(keyName ?? 'private-key.json', privateText);
  const again = element<HTMLAnchorElement>('#download-again');
  again.href = URL.createObjectURL(new Blob([privateText], { type: 'application/json' }));
  again.download = keyName ?? 'private-key.json';
}

if (task === 'certificate') {
  element('#generate').addEventListener('click', async () => {
    say('#trustee-status', 'Generating your keys on this device…');
    await repaint();
    const group = groupByName(groupName ?? '');
    // The private key file as belenios-tool's `.key`: the secret seed, on one line.
    const keys = deriveKeys(group, generateSeed(systemRandom));
    keepPrivately(`${keys.seed}\n`);
    payload.value = makeCertificate(group, keys, systemRandom);
    element('#key-made').hidden = false;
    say('#trustee-status', 'Your keys are made and your private key file is downloading.');
  });
}

/** The threshold keys in the private key file chosen on the page, or a message saying what is wrong. */
async function keysFromFile(group: AnyGroup) {
  const file = element<HTMLInputElement>('#private-key').files?.[0];
  if (!file)
    return 'Choose your private key file: the one you saved when you made your certificate.';
  const seed = (await file.text()).trim();
  if (!/^[1-9A-HJ-NP-Za-km-z]{22}$/.test(seed))
    return `That file is not a private key file for this election: choose ${keyName}.`;
  return deriveKeys(group, seed);
}

/** The trustees' certificates, checking that ours, at our position, is the one the keys make. */
function certificatesFor(group: AnyGroup, text: string, keys: ReturnType<typeof deriveKeys>) {
  const certs = readCertificates(group, text);
  const mine = certs[position - 1];
  if (!mine || !group.equals(mine.verificationKey, keys.verificationKey)) return undefined;
  return certs;
}

for (const round of ['polynomial', 'voutput'] as const) {
  if (task !== round) continue;
  form.addEventListener('submit', async (event) => {
    if (payload.value) return;
    event.preventDefault();
    try {
      const group = groupByName(groupName ?? '');
      const keys = await keysFromFile(group);
      if (typeof keys === 'string') return fail(keys);
      say('#trustee-status', 'Fetching the other trustees’ messages…');
      const data = await fetchTask();
      const certs = certificatesFor(group, data.certificates ?? '', keys);
      if (!certs)
        return fail(
          `This private key file does not match the certificate you sent: choose the file you saved for this election (${keyName}).`,
        );
      if (round === 'polynomial') {
        say('#trustee-status', 'Making your polynomial and a share for every trustee…');
        await repaint();
        payload.value = makePolynomial(group, certs, keys, data.threshold ?? 0, systemRandom);
        say('#trustee-status', 'Sending your polynomial…');
      } else {
        say('#trustee-status', 'Checking the share every trustee dealt you…');
        await repaint();
        try {
          payload.value = makeVoutput(group, certs, keys, data.vinput ?? '', systemRandom);
        } catch (error) {
          if (!(error instanceof CryptoError)) throw error;
          return fail(
            `Your shares do not check out, so the election key cannot be made safely (${error.message}). Do not go on: tell the returning officer, who can start the trustees’ key setup again.`,
          );
        }
        say('#trustee-status', 'Your shares check out. Sending your checked shares…');
      }
      form.submit();
    } catch (error) {
      fail(
        `Your ${round === 'voutput' ? 'checked shares' : round} could not be made: ${(error as Error).message}`,
      );
    }
  });
}

if (task === 'shuffle') {
  form.addEventListener('submit', async (event) => {
    if (payload.value) return;
    event.preventDefault();
    try {
      say('#trustee-status', 'Fetching the encrypted ballots…');
      const data = await fetchTask();
      const election = readElection(data.electionJson);
      const input = readEncryptedTally(election.group, data.inputJson ?? '[]');
      say(
        '#trustee-status',
        `Shuffling ${input[0]?.length ?? 0} ballots and proving the shuffle… this can take a while.`,
      );
      await repaint();
      payload.value = writeShuffle(election.group, shuffle(election, input, systemRandom));
      say('#trustee-status', 'Sending your shuffle…');
      form.submit();
    } catch (error) {
      fail(`The shuffle could not be made: ${(error as Error).message}`);
    }
  });
}

if (task === 'decrypt') {
  form.addEventListener('submit', async (event) => {
    if (payload.value) return;
    event.preventDefault();
    const file = element<HTMLInputElement>('#private-key').files?.[0];
    if (!file)
      return fail('Choose your private key file: the one you saved when you made your key.');
    try {
      const group = groupByName(groupName ?? '');
      say('#trustee-status', 'Fetching the encrypted tally…');
      const data = await fetchTask();
      let x: bigint;
      if (threshold) {
        // The seed opens this trustee's share of the key (its `.dkey`), sent with the task.
        const keys = await keysFromFile(group);
        if (typeof keys === 'string') return fail(keys);
        try {
          x = readShare(group, keys, data.encryptedShare ?? '');
        } catch {
          return fail(
            `This private key file does not open your share of the election key: choose the file you saved for this election (${keyName}).`,
          );
        }
      } else x = readPrivateKey(group, await file.text());
      if (group.toString(group.powG(x)) !== publicKey)
        return fail(
          'This private key does not match your public key for this election: choose the file you saved for it.',
        );
      const election = readElection(data.electionJson);
      const tally = readEncryptedTally(election.group, data.tallyJson ?? '[]');
      say('#trustee-status', 'Computing your partial decryption with its proofs…');
      await repaint();
      payload.value = writePartialDecryption(
        election.group,
        partialDecrypt(election, tally, x, systemRandom),
      );
      say('#trustee-status', 'Sending your partial decryption…');
      form.submit();
    } catch (error) {
      fail(
        error instanceof CryptoError
          ? `That file is not a private key: ${error.message}`
          : `The decryption could not be made: ${(error as Error).message}`,
      );
    }
  });
}
