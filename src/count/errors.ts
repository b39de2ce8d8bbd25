/**
 * Bad input a person can fix: a ballot file line that does not parse, a
 * candidate who does not exist, more seats than candidates. `message` is
 * already `FILE:LINE: what is wrong` when the file is known; `at(file)` adds
 * the file for problems found after parsing, so the command line prints one
 * line and exits 2.
 */
export class CountInputError extends Error {
  override name = 'CountInputError';

  constructor(
    readonly problem: string,
    readonly file?: string,
    readonly line?: number,
  ) {
    super(place(file, line) + problem);
  }

  /** The message with `file` as the place when the error did not know it. */
  at(file: string): string {
    return this.file === undefined ? place(file, this.line) + this.problem : this.message;
  }
}

function place(file: string | undefined, line: number | undefined): string {
  if (file === undefined) return line === undefined ? '' : `line ${line}: `;
  return line === undefined ? `${file}: ` : `${file}:${line}: `;
}
