/**
 * The election verifier in a member's browser (issue 6): fetches the published
 * archive and runs every check of src/crypto/verify.ts on it, in a worker so
 * the page stays responsive, with a progress bar. Nothing needs installing,
 * and nothing the server says is taken on trust.
 */
import { element, say } from './dom.ts';

const button = element<HTMLButtonElement>('#verify');
const bar = element<HTMLProgressElement>('#verify-progress');
const list = element('#verify-checks');
element('#verify-needs-script').hidden = true;
element('#verifier').hidden = false;

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

button.addEventListener('click', async () => {
  button.disabled = true;
  list.replaceChildren();
  bar.hidden = false;
  bar.value = 0;
  say('#verify-status', 'Downloading the election record…');
  const response = await fetch(button.dataset.archive ?? '');
  if (!response.ok) {
    say('#verify-status', `The election record could not be downloaded (${response.status}).`);
    button.disabled = false;
    return;
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  const worker = new Worker('/assets/verify-worker.js', { type: 'module' });
  let last = -1;
  worker.onmessage = (event: MessageEvent) => {
    const message = event.data as
      | { type: 'progress'; done: number; total: number; check: string }
      | { type: 'done'; ok: boolean; checks: Check[] }
      | { type: 'error'; message: string };
    if (message.type === 'progress') {
      bar.max = message.total;
      bar.value = message.done;
      const step = Math.floor(message.done);
      if (step !== last) {
        last = step;
        say(
          '#verify-status',
          `Checking: ${message.check} (${step} of ${message.total} checks done)…`,
        );
      }
      return;
    }
    worker.terminate();
    button.disabled = false;
    if (message.type === 'error') {
      say('#verify-status', `The verifier stopped: ${message.message}`);
      return;
    }
    bar.value = bar.max;
    list.replaceChildren(
      ...message.checks.map((check) => {
        const li = document.createElement('li');
        const verdict = document.createElement('strong');
        verdict.textContent = check.ok ? 'Passed: ' : 'FAILED: ';
        verdict.className = check.ok ? 'check-pass' : 'check-fail';
        li.append(verdict, `${check.name}. ${check.detail}`);
        return li;
      }),
    );
    say(
      '#verify-status',
      message.ok
        ? `Every check passed (${message.checks.length} of ${message.checks.length}): the published result is the count of the ballots cast.`
        : 'A check FAILED: the election record does not support the published result. See below.',
    );
  };
  worker.postMessage(bytes, [bytes.buffer]);
});
