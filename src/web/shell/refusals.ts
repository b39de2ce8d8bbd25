import { Refusal } from '../../core/refusal.ts';

/** Runs a use case; a Refusal becomes the message for the form, anything else propagates. */
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
