/** Runs the verifier off the page's thread and reports progress (see verify.ts). */
import { verifyArchive } from '../../crypto/verify.ts';

self.onmessage = (event: MessageEvent<Uint8Array>) => {
  try {
    let reported = 0;
    const verification = verifyArchive(event.data, {
      onProgress(done, total, check) {
        // Often enough for a smooth bar, not so often that messages pile up.
        if (done - reported < 0.01 && done !== Math.floor(done)) return;
        reported = done;
        self.postMessage({ type: 'progress', done, total, check });
      },
    });
    self.postMessage({ type: 'done', ok: verification.ok, checks: verification.checks });
  } catch (error) {
    self.postMessage({ type: 'error', message: (error as Error).message });
  }
};
