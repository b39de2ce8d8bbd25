/**
 * The voting booth of a verifiable election (issue 6; Belenios spec 2.0 §3.2):
 * the member's choices are encrypted here, in their browser, and signed with
 * their credential. The server only ever sees the encrypted ballot.
 *
 * Before casting, the member may audit the ballot (a Benaloh challenge): the
 * booth commits to an encrypted ballot by showing its tracker, then reveals
 * the randomness it used and encrypts the same choices again with it. Equal
 * ballots show the encryption holds exactly those choices. An audited ballot
 * is never cast, since its randomness is now known; the member encrypts anew.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { ballotTracker, createBallot } from '../../crypto/ballot.ts';
import { normaliseCredential } from '../../crypto/credential.ts';
import { readElection } from '../../crypto/election.ts';
import { CryptoError } from '../../crypto/errors.ts';
import { seededRandom, systemRandom } from '../../crypto/random.ts';
import { plaintextFor } from '../../org/ballots/index.ts';
import { element, repaint, say } from './dom.ts';

const form = element<HTMLFormElement>('#booth');
const election = readElection(form.dataset.election ?? '');
const question = election.questions[0]!;
const credentialInput = element<HTMLInputElement>('#credential');
const review = element('#review');
const castForm = element<HTMLFormElement>('#cast');
const ballotField = element<HTMLInputElement>('#ballot');

// The credential link in the email carries it after '#', which browsers never send to a server.
const fromLink = /credential=([^&]+)/.exec(location.hash);
if (fromLink) {
  credentialInput.value = decodeURIComponent(fromLink[1]!);
  history.replaceState(null, '', location.pathname + location.search);
}
element('#booth-needs-script').hidden = true;
form.hidden = false;

let current: { json: string; seed: string; plaintext: number[][]; credential: string } | undefined;

/** The member's choices as ballot-paper positions, in order of preference. */
function choices(): number[] | string {
  const ticked = [...form.querySelectorAll<HTMLInputElement>('input[name="mark"]:checked')];
  if (question.type === 'homomorphic') return ticked.map((box) => Number(box.value));
  const ranks: [number, number][] = [];
  for (const select of form.querySelectorAll<HTMLSelectElement>('select[data-position]')) {
    if (select.value !== '') ranks.push([Number(select.value), Number(select.dataset.position)]);
  }
  ranks.sort((a, b) => a[0] - b[0]);
  if (ranks.some(([rank], i) => rank !== i + 1))
    return 'Number your preferences 1, 2, 3 and so on, without gaps or repeats.';
  return ranks.map(([, position]) => position);
}

function showError(message: string | undefined) {
  const box = element('#booth-error');
  box.hidden = message === undefined;
  say('#booth-error-text', message ?? '');
  if (message) box.focus();
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  showError(undefined);
  const chosen = choices();
  if (typeof chosen === 'string') return showError(chosen);
  let plaintext: number[][];
  let credential: string;
  try {
    plaintext = plaintextFor(question, chosen);
  } catch (error) {
    return showError(`Check your choices: ${(error as Error).message}.`);
  }
  try {
    credential = credentialInput.value.trim();
    normaliseCredential(credential);
  } catch (error) {
    return showError(
      `Check your credential: ${error instanceof CryptoError ? error.message.replace(/^credential: /, '') : 'it is not valid'}.`,
    );
  }
  say('#booth-status', 'Encrypting your ballot on this device…');
  await repaint();
  const seed = bytesToHex(systemRandom(32));
  const json = createBallot(election, credential, plaintext, seededRandom(seed));
  current = { json, seed, plaintext, credential };
  ballotField.value = json;
  say('#tracker', ballotTracker(json));
  const list = element('#review-choices');
  list.replaceChildren(
    ...chosen.map((position) => {
      const li = document.createElement('li');
      li.textContent = question.answers[position]!;
      return li;
    }),
  );
  element('#audit-result').hidden = true;
  castForm.hidden = false;
  review.hidden = false;
  say('#booth-status', 'Your ballot is encrypted. Check it, then cast it or audit it.');
  element('#review-heading').focus();
});

element('#audit').addEventListener('click', async () => {
  if (!current) return;
  say('#booth-status', 'Auditing: encrypting your choices again with the revealed randomness…');
  await repaint();
  const again = createBallot(
    election,
    current.credential,
    current.plaintext,
    seededRandom(current.seed),
  );
  const ok = again === current.json;
  say(
    '#audit-verdict',
    ok
      ? `Audit passed: the encrypted ballot with tracker ${ballotTracker(current.json)} holds exactly the choices shown.`
      : 'Audit FAILED: this encrypted ballot does not hold the choices shown. Do not vote on this device, and tell the returning officer.',
  );
  element('#audit-seed').textContent = current.seed;
  element('#audit-plaintext').textContent = JSON.stringify(current.plaintext);
  element('#audit-ballot').textContent = current.json;
  element('#audit-result').hidden = false;
  // Its randomness is public now: this ballot must never be cast.
  current = undefined;
  ballotField.value = '';
  castForm.hidden = true;
  say(
    '#booth-status',
    'The audited ballot has been set aside. Encrypt your choices again to vote.',
  );
  element('#audit-heading').focus();
});

// A changed choice or credential makes the encrypted ballot stale: it must not be cast.
form.addEventListener('input', () => {
  if (review.hidden) return;
  current = undefined;
  ballotField.value = '';
  review.hidden = true;
  say('#booth-status', 'You changed your ballot: encrypt it again before casting.');
});
