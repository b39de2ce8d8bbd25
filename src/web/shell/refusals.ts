import { Refusal } from '../../core/refusal.ts';

/**
 * Runs a use case for a form that shows a refusal beside its field: a Refusal
 * becomes the form's message, anything else propagates. A Refusal a route does
 * not take up this way reaches the one handler, app.tsx's onError, which
 * answers 400 with its message; the CLI prints it as one line, exit code 2
 * (src/cli/main.ts).
 */
export async function attempt<T>(
  work: () => Promise<T>,
): Promise<{ ok: T } | { refused: Refusal }> {
  try {
    return { ok: await work() };
  } catch (error) {
    if (error instanceof Refusal) return { refused: error };
    throw error;
  }
}
