import { Rational } from '../arithmetic/rational.ts';
import type { Candidate, Election } from '../election.ts';
import { CountInputError } from '../errors.ts';
import { BallotTally } from './ballot-tally.ts';

const utf8 = new TextDecoder();
const encoder = new TextEncoder();
/** Beyond this many candidates every line takes the full parser (rankings no longer fit a number). */
const FAST_CANDIDATES = 1 << 16;

/**
 * The BLT ballot format of the Electoral Reform Society, OpenSTV and Droop:
 *
 *   4 2                      candidates, seats
 *   -3                       optional: withdrawn candidates, as negative numbers
 *   12 1 2 3 0               weight, preferences (1-based), 0 ends the ballot
 *   3 2=4 1 0                `=` marks equal preferences; weights may be decimals
 *   0                        end of ballots
 *   "Anna Smith" women       one quoted name per candidate; words after the
 *   ...                      name are group labels (a grassroots extension)
 *   "Election title"
 *
 * Droop's options are also read: `[nick a b c d]` names candidates in the
 * ballots by nickname, `[withdrawn a b]` withdraws them, `[tie a b]` is a tie-break order.
 * `#` starts a comment outside quotes. The file is fed in chunks of bytes (or
 * line by line), so a file of a million ballots streams without being held in
 * memory as text.
 */
export class BltReader {
  private lineNumber = 0;
  private part: 'header' | 'options' | 'ballots' | 'names' = 'header';
  private candidateCount = 0;
  private seats = 0;
  private readonly withdrawn = new Set<number>();
  private readonly nicknames = new Map<string, number>();
  /** The ballots read, identical rankings merged; made once the header gives the candidates. */
  private tally = new BallotTally(0);
  /** Per candidate, the last plain ballot line that marked them: finds a repeated mark. */
  private marked = new Float64Array(1);
  private plainLines = 0;
  /** The unfinished last line of the bytes fed so far. */
  private carry: Uint8Array | undefined;
  private readonly names: { name: string; groups: string[] }[] = [];
  private title: string | undefined;
  private tieOrder: number[] | undefined;
  /** Ballot lines read (before merging), for progress reports. */
  ballotsRead = 0;

  constructor(private readonly file: string) {}

  private fail(problem: string): never {
    throw new CountInputError(problem, this.file, this.lineNumber);
  }

  /** Reads a chunk of the file as UTF-8 bytes; a line may run on into the next chunk. */
  feedBytes(bytes: Uint8Array): void {
    let start = 0;
    if (this.carry !== undefined) {
      const end = bytes.indexOf(10);
      if (end < 0) {
        this.carry = joinBytes(this.carry, bytes);
        return;
      }
      const line = joinBytes(this.carry, bytes.subarray(0, end + 1));
      this.carry = undefined;
      this.feedBytes(line);
      start = end + 1;
    }
    while (start < bytes.length) {
      if (this.part === 'ballots' && this.candidateCount <= FAST_CANDIDATES) {
        start = this.plainBallots(bytes, start);
      }
      const end = bytes.indexOf(10, start);
      if (end < 0) break;
      this.feed(utf8.decode(bytes.subarray(start, end)));
      start = end + 1;
    }
    if (start < bytes.length) this.carry = bytes.slice(start);
  }

  /** Reads one line of the file (without its line ending). */
  feed(rawLine: string): void {
    this.lineNumber++;
    const line = stripComment(rawLine).trim();
    if (line === '') return;
    if (this.part === 'header') this.readHeader(line);
    else if (this.part === 'names') this.readName(line);
    else if (line.startsWith('[')) this.readOption(line);
    else if (this.part === 'options' && /^-\d+(\s+-\d+)*$/.test(line)) {
      for (const token of line.split(/\s+/)) this.withdraw(Number(token.slice(1)));
      this.part = 'ballots';
    } else {
      this.part = 'ballots';
      this.readBallot(line);
    }
  }

  private readHeader(line: string): void {
    const m = /^(\d+)\s+(\d+)$/.exec(line);
    if (!m)
      this.fail(
        `expected the header "CANDIDATES SEATS" (two whole numbers), got ${JSON.stringify(line)}`,
      );
    this.candidateCount = Number(m[1]);
    this.seats = Number(m[2]);
    if (this.candidateCount < 1) this.fail('the header says there are no candidates');
    if (this.seats < 1) this.fail('the header says there are no seats to fill');
    this.tally = new BallotTally(this.candidateCount);
    this.marked = new Float64Array(Math.min(this.candidateCount, FAST_CANDIDATES) + 1);
    this.part = 'options';
  }

  private readOption(line: string): void {
    const m = /^\[\s*(\w+)((?:\s+[^\s\]]+)*)\s*\]$/.exec(line);
    if (!m) this.fail(`expected an option such as [withdrawn 2 3], got ${JSON.stringify(line)}`);
    const words = (m[2] ?? '').trim().split(/\s+/).filter(Boolean);
    if (m[1] === 'nick') {
      if (words.length !== this.candidateCount) {
        this.fail(
          `[nick] names ${words.length} candidates but the header says ${this.candidateCount}`,
        );
      }
      words.forEach((w, i) => {
        this.nicknames.set(w, i);
      });
    } else if (m[1] === 'withdrawn') {
      for (const w of words) this.withdraw(this.candidateNumber(w) + 1);
    } else if (m[1] === 'tie') {
      this.tieOrder = words.map((w) => this.candidateNumber(w));
    } else if (m[1] !== 'droop') {
      // [droop ...] steers Droop's own program, not the election.
      this.fail(`unknown option [${m[1]}]: expected [nick ...], [withdrawn ...] or [tie ...]`);
    }
  }

  private withdraw(n: number): void {
    if (!Number.isInteger(n) || n < 1 || n > this.candidateCount) {
      this.fail(
        `withdrawn candidate ${n} does not exist (candidates are 1 to ${this.candidateCount})`,
      );
    }
    this.withdrawn.add(n - 1);
  }

  /** A candidate token (1-based number or nickname) as a 0-based index. */
  private candidateNumber(token: string): number {
    const nick = this.nicknames.get(token);
    if (nick !== undefined) return nick;
    if (!/^\d+$/.test(token))
      this.fail(`${JSON.stringify(token)} is not a candidate number or nickname`);
    const n = Number(token);
    if (n < 1 || n > this.candidateCount) {
      this.fail(`candidate ${n} does not exist (candidates are 1 to ${this.candidateCount})`);
    }
    return n - 1;
  }

  private readBallot(line: string): void {
    if (line === '0') {
      this.part = 'names';
      return;
    }
    let tokens = line.split(/\s+/);
    if (tokens[0]?.startsWith('(')) tokens = tokens.slice(1); // Droop's optional ballot id
    const weight = Rational.parseDecimal(tokens[0] ?? '');
    if (weight === undefined || weight.n < 0n) {
      this.fail(
        `expected a ballot "WEIGHT PREFERENCES... 0", but ${JSON.stringify(tokens[0])} is not a weight`,
      );
    }
    if (tokens[tokens.length - 1] !== '0') this.fail('a ballot line must end with 0');
    this.ballotsRead++;
    const ranking: number[][] = [];
    const seen = new Set<number>();
    for (const token of tokens.slice(1, -1)) {
      if (token === '-') continue; // a skipped preference
      const group: number[] = [];
      for (const part of token.split('=')) {
        const c = this.candidateNumber(part);
        // A repeated mark counts at its first (highest) preference only.
        if (!seen.has(c)) {
          seen.add(c);
          group.push(c);
        }
      }
      if (group.length > 0) ranking.push(group);
    }
    if (!weight.isZero()) this.tally.add(weight, ranking);
  }

  /**
   * The fast path: reads ballot lines `WEIGHT PREFS... 0` in whole numbers and
   * single spaces straight from the bytes, for as long as the lines are such
   * ballots: no string, no split, no regular expression, and a ranking seen
   * before costs one table lookup. Returns where the first other line starts,
   * for the full parser (which also reports any error), or where an
   * unfinished last line starts.
   */
  private plainBallots(bytes: Uint8Array, from: number): number {
    const end = bytes.length;
    const count = this.candidateCount;
    const base = count + 1;
    const marked = this.marked;
    let start = from;
    while (start < end) {
      let i = start;
      let weight = 0;
      for (let ch = bytes[i]!; i < end && ch >= 48 && ch <= 57; ch = bytes[++i]!) {
        weight = weight * 10 + (ch - 48);
      }
      // At most 15 digits: below 10^15, so sums stay exact in a double (BallotTally).
      if (i === start || i - start > 15 || i === end || bytes[i] !== 32) return start;
      const line = ++this.plainLines;
      let key = 0;
      let number = 0;
      let digits = 0;
      for (i++; i < end; i++) {
        const ch = bytes[i]!;
        if (ch >= 48 && ch <= 57) {
          number = number * 10 + (ch - 48);
          digits++;
        } else if (ch === 32 && digits > 0) {
          if (number < 1 || number > count || key * base >= 2 ** 52) return start;
          // A repeated mark counts at its first (highest) preference only.
          if (marked[number] !== line) key = key * base + number;
          marked[number] = line;
          number = 0;
          digits = 0;
        } else break;
      }
      if (digits !== 1 || number !== 0) return start; // must end with the preference 0
      if (i < end && bytes[i] === 13) i++; // \r of a \r\n line ending
      if (i === end || bytes[i] !== 10) return start;
      this.lineNumber++;
      this.ballotsRead++;
      this.tally.addPlain(key, weight);
      start = i + 1;
    }
    return start;
  }

  private readName(line: string): void {
    // After the title a file may carry notes (ERS test files sign off so): ignored.
    if (this.title !== undefined) return;
    // Quoted strings, each candidate name optionally followed by bare group labels.
    const tokens = /"((?:[^"\\]|\\.)*)"|([^\s",]+)|,/gy;
    for (let rest = line.trimStart(); rest !== ''; rest = rest.trimStart()) {
      tokens.lastIndex = 0;
      const m = tokens.exec(rest);
      if (!m)
        this.fail(
          `expected a candidate name or title in double quotes, got ${JSON.stringify(rest)}`,
        );
      rest = rest.slice(m[0].length);
      if (this.title !== undefined) return;
      if (m[1] !== undefined) {
        // Names as printed: runs of spaces collapsed, no space at either end.
        const text = m[1].replace(/\\(.)/g, '$1').replace(/\s+/g, ' ').trim();
        if (this.names.length < this.candidateCount) this.names.push({ name: text, groups: [] });
        else this.title = text;
      } else if (m[2] !== undefined) {
        const last = this.names[this.names.length - 1];
        if (!last || this.title !== undefined) {
          this.fail(
            `expected a candidate name or title in double quotes, got ${JSON.stringify(m[2])}`,
          );
        }
        last.groups.push(m[2]);
      }
    }
  }

  /** The election read, once the whole file has been fed. */
  finish(): Election {
    if (this.carry !== undefined) {
      this.feed(utf8.decode(this.carry));
      this.carry = undefined;
    }
    // Problems found at the end are reported at the last line of the file.
    this.lineNumber = Math.max(this.lineNumber, 1);
    if (this.part === 'header')
      this.fail('the file is empty: expected the header "CANDIDATES SEATS"');
    if (this.part === 'options' || this.part === 'ballots') {
      this.fail(
        'the file ended inside the ballots: expected a line "0" and then the candidate names',
      );
    }
    if (this.names.length < this.candidateCount) {
      this.fail(
        `the header says ${this.candidateCount} candidates but ${this.names.length} names follow the ballots`,
      );
    }
    const seen = new Set<string>();
    for (const { name } of this.names) {
      if (seen.has(name))
        throw new CountInputError(
          `two candidates are both called ${JSON.stringify(name)}`,
          this.file,
        );
      seen.add(name);
    }
    const candidates: Candidate[] = this.names.map((n, i) => ({
      name: n.name,
      groups: n.groups,
      withdrawn: this.withdrawn.has(i),
    }));
    const ballots = this.tally.ballots();
    const election = { title: this.title ?? '', seats: this.seats, candidates, ballots };
    return this.tieOrder ? { ...election, tieOrder: this.tieOrder } : election;
  }
}

/** Removes a `#` comment unless it is inside double quotes. */
function stripComment(line: string): string {
  const hash = line.indexOf('#');
  if (hash < 0) return line;
  let inQuotes = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '\\' && inQuotes) i++;
    else if (ch === '"') inQuotes = !inQuotes;
    else if (ch === '#' && !inQuotes) return line.slice(0, i);
  }
  return line;
}

/** The bytes of `a` then `b`. */
function joinBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Parses a whole BLT file held as text. */
export function parseBlt(text: string, file = 'ballots.blt'): Election {
  const reader = new BltReader(file);
  reader.feedBytes(encoder.encode(text));
  return reader.finish();
}

/**
 * Parses a BLT file from a stream of chunks: bytes (`fs.createReadStream(path)`),
 * the fast way, or text split between whole characters (as a stream with
 * `setEncoding('utf8')` gives it). Calls `onProgress` every 100,000 ballots or so.
 */
export async function readBltChunks(
  chunks: AsyncIterable<string | Uint8Array>,
  file: string,
  onProgress?: (ballots: number) => void,
): Promise<Election> {
  const reader = new BltReader(file);
  let next = 100_000;
  for await (const chunk of chunks) {
    reader.feedBytes(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
    if (onProgress && reader.ballotsRead >= next) {
      onProgress(reader.ballotsRead);
      next = reader.ballotsRead + 100_000;
    }
  }
  return reader.finish();
}

/** Parses a BLT file line by line from a stream (see `node:readline`): every line as text. */
export async function readBlt(
  lines: AsyncIterable<string>,
  file: string,
  onProgress?: (ballots: number) => void,
): Promise<Election> {
  const reader = new BltReader(file);
  let next = 100_000;
  for await (const line of lines) {
    reader.feed(line);
    if (onProgress && reader.ballotsRead >= next) {
      onProgress(reader.ballotsRead);
      next += 100_000;
    }
  }
  return reader.finish();
}
