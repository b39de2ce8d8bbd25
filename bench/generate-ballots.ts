/**
 * Writes a BLT file of synthetic ranked ballots for the counting benchmark:
 * N ballots (one line each, weight 1) over C candidates, each ranking between
 * 1 and C candidates. Preferences follow a seeded popularity model (some
 * candidates much stronger) so counts have surpluses, exclusions and
 * exhausted papers like a real election.
 *
 * node --import tsx bench/generate-ballots.ts OUT.blt [BALLOTS] [CANDIDATES] [SEATS]
 */
import { createWriteStream } from 'node:fs';

export async function writeBallots(
  path: string,
  ballots: number,
  candidates: number,
  seats: number,
  seed = 2026,
): Promise<void> {
  let state = seed >>> 0;
  // mulberry32: small, seeded, good enough for synthetic data (never used to count).
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const strength = Array.from({ length: candidates }, (_, i) => 1 / (i + 1) ** 0.8);
  const out = createWriteStream(path);
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
  await write(`${candidates} ${seats}\n`);
  let chunk = '';
  for (let b = 0; b < ballots; b++) {
    const left = strength.map((s, i) => [s, i + 1] as const);
    const length = 1 + Math.floor(random() * random() * candidates);
    let line = '1';
    for (let k = 0; k < length; k++) {
      const total = left.reduce((s, [w]) => s + w, 0);
      let r = random() * total;
      let pick = 0;
      while (pick < left.length - 1 && r >= left[pick]![0]) r -= left[pick++]![0];
      line += ` ${left[pick]![1]}`;
      left.splice(pick, 1);
    }
    chunk += `${line} 0\n`;
    if (chunk.length > 1 << 16) {
      await write(chunk);
      chunk = '';
    }
  }
  chunk += '0\n';
  for (let c = 1; c <= candidates; c++) chunk += `"Candidate ${c}"\n`;
  chunk += '"Synthetic benchmark election"\n';
  await write(chunk);
  await new Promise<void>((r) => out.end(r));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [path = '/tmp/ballots.blt', n = '1000000', c = '10', s = '3'] = process.argv.slice(2);
  await writeBallots(path, Number(n), Number(c), Number(s));
}
