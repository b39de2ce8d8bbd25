import { Rational } from '../arithmetic/rational.ts';
import type { Ballot, Candidate, Election } from '../election.ts';
import { CountInputError } from '../errors.ts';

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
 * `#` starts a comment outside quotes. Lines are fed one at a time, so a file
 * of a million ballots streams without being held in memory as text.
 */
export class BltReader {
  private lineNumber = 0;
  private part: 'header' | 'options' | 'ballots' | 'names' = 'header';
  private candidateCount = 0;
  private seats = 0;
  private readonly withdrawn = new Set<number>();
  private readonly nicknames = new Map<string, number>();
  /** Identical ballots are merged: key = preferences as written, normalised. */
  private readonly merged = new Map<string, { weight: Rational; ranking: number[][] }>();
  private readonly names: { name: string; groups: string[] }[] = [];
  private title: string | undefined;
  private tieOrder: number[] | undefined;
  /** Ballot lines read (before merging), for progress reports. */
  ballotsRead = 0;

  constructor(private readonly file: string) {}

  private fail(problem: string): never {
    throw new CountInputError(problem, this.file, this.lineNumber);
  }

  /**
   * Ballot lines already checked, by their preferences as written (`"3 1 2 "`):
   * the summed weight. A million-line file repeats a few thousand rankings, so
   * after its first sighting a ranking costs one regular expression and one
   * map lookup; it is parsed once, at the end.
   */
  private readonly seenRankings = new Map<number, { weight: number; ranking: number[][] }>();

  /**
   * Reads the line `text.slice(from, to)` without copying it when it is a
   * plain ballot: how a large file is read chunk by chunk.
   */
  feedSlice(text: string, from: number, to: number): void {
    if (this.part === 'ballots' && this.feedSeenRanking(text, from, to)) {
      this.lineNumber++;
      return;
    }
    this.feed(text.slice(from, to));
  }

  /** Reads one line of the file (without its line ending). */
  feed(rawLine: string): void {
    this.lineNumber++;
    if (this.part === 'ballots' && this.feedSeenRanking(rawLine)) return;
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
    this.merge(weight, ranking);
  }

  /**
   * The fast path for `WEIGHT PREFS... 0` written with whole numbers and single
   * spaces: one pass over the characters turns the preferences into a number
   * (base candidates + 1) that keys the rankings already seen. Returns false
   * when the line needs the full parser (which also reports any error).
   */
  private feedSeenRanking(line: string, from = 0, to = line.length): boolean {
    let n = to;
    if (n > from && line.charCodeAt(n - 1) === 13) n--; // \r of a \r\n line ending
    let i = from;
    let weight = 0;
    for (; i < n; i++) {
      const ch = line.charCodeAt(i);
      if (ch === 32) break;
      if (ch < 48 || ch > 57) return false;
      weight = weight * 10 + (ch - 48);
    }
    if (i === from || i - from > 15 || i === n) return false;
    const base = this.candidateCount + 1;
    let key = 0;
    let number = 0;
    let digits = 0;
    for (i++; i < n; i++) {
      const ch = line.charCodeAt(i);
      if (ch >= 48 && ch <= 57) {
        number = number * 10 + (ch - 48);
        digits++;
      } else if (ch === 32 && digits > 0) {
        if (number < 1 || number > this.candidateCount) return false;
        key = key * base + number;
        if (key > 2 ** 52) return false;
        number = 0;
        digits = 0;
      } else return false;
    }
    if (digits === 0 || number !== 0) return false; // must end with the preference 0
    this.ballotsRead++;
    const seen = this.seenRankings.get(key);
    if (seen === undefined) {
      const ranking: number[][] = [];
      for (let k = key; k > 0; k = Math.floor(k / base)) ranking.unshift([(k % base) - 1]);
      const once = ranking.filter(([c], j) => ranking.findIndex(([d]) => d === c) === j);
      this.merge(Rational.of(BigInt(weight)), once); // keeps the file's order
      this.seenRankings.set(key, { weight: 0, ranking: once });
      return true;
    }
    seen.weight += weight;
    if (seen.weight >= 2 ** 52) {
      // Beyond exact doubles: hand the total to the exact merge.
      this.merge(Rational.of(BigInt(seen.weight)), seen.ranking);
      seen.weight = 0;
    }
    return true;
  }

  /** Adds papers to the ballots read, merging identical rankings. */
  private merge(weight: Rational, ranking: number[][]): void {
    if (weight.isZero()) return;
    const key = ranking.map((g) => g.join('=')).join(' ');
    const existing = this.merged.get(key);
    if (existing) existing.weight = existing.weight.add(weight);
    else this.merged.set(key, { weight, ranking });
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
    for (const { weight, ranking } of this.seenRankings.values()) {
      if (weight > 0) this.merge(Rational.of(BigInt(weight)), ranking);
    }
    this.seenRankings.clear();
    const ballots: Ballot[] = [...this.merged.values()];
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

/** Parses a whole BLT file held as text. */
export function parseBlt(text: string, file = 'ballots.blt'): Election {
  const reader = new BltReader(file);
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) reader.feed(line);
  return reader.finish();
}

/**
 * Parses a BLT file from a stream of text chunks (e.g. `fs.createReadStream(path,
 * { encoding: 'utf8' })`), calling `onProgress` every 100,000 ballots.
 */
export async function readBltChunks(
  chunks: AsyncIterable<string>,
  file: string,
  onProgress?: (ballots: number) => void,
): Promise<Election> {
  const reader = new BltReader(file);
  let next = 100_000;
  let partial = '';
  for await (const chunk of chunks) {
    const text = partial + chunk;
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      reader.feedSlice(text, start, end);
      start = end + 1;
    }
    partial = text.slice(start);
    if (onProgress && reader.ballotsRead >= next) {
      onProgress(reader.ballotsRead);
      next = reader.ballotsRead + 100_000;
    }
  }
  if (partial !== '') reader.feed(partial);
  return reader.finish();
}

/** Parses a BLT file line by line from a stream (see `node:readline`). */
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
