/**
 * A refusal a person can act on: what was wrong and what to do, with the form
 * field it concerns. The web shows it as a 4xx next to the field, the CLI as one
 * line with exit code 2. Every layer may throw it; only the outer ones catch it.
 */
export class Refusal extends Error {
  override name = 'Refusal';
  constructor(
    message: string,
    /** The form field it concerns, if any. */
    readonly field?: string,
  ) {
    super(message);
  }
}
