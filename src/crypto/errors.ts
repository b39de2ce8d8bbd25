/**
 * The one error class of src/crypto. `check` names the verification step or the
 * function that refused its input, so a verifier can report which check failed.
 */
export class CryptoError extends Error {
  override name = 'CryptoError';
  constructor(
    readonly check: string,
    message: string,
  ) {
    super(`${check}: ${message}`);
  }
}

/** Throws a CryptoError for `check` unless `ok`. */
export function ensure(ok: boolean, check: string, message: string): asserts ok {
  if (!ok) throw new CryptoError(check, message);
}

/** A short, printable excerpt of an untrusted value for error messages. */
export function excerpt(value: unknown): string {
  let text: string;
  try {
    text =
      typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
