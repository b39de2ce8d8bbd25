import type { Election } from '../election.ts';

/**
 * Writes an election as BLT (see blt.ts for the format), identical ballots on
 * one line with their weight, so any BLT counter can recount it. Group labels
 * follow each quoted name, the grassroots extension that blt.ts reads.
 */
export function writeBlt(election: Election): string {
  const lines = [`${election.candidates.length} ${election.seats}`];
  const withdrawn = election.candidates.flatMap((c, i) => (c.withdrawn ? [`-${i + 1}`] : []));
  if (withdrawn.length > 0) lines.push(withdrawn.join(' '));
  for (const ballot of election.ballots) {
    const ranks = ballot.ranking.map((rank) => rank.map((c) => c + 1).join('='));
    lines.push(`${ballot.weight.toString()} ${ranks.join(' ')}${ranks.length ? ' ' : ''}0`);
  }
  lines.push('0');
  for (const c of election.candidates) lines.push([quote(c.name), ...c.groups].join(' '));
  lines.push(quote(election.title));
  return `${lines.join('\n')}\n`;
}

const quote = (text: string) => `"${text.replace(/"/g, "'")}"`;
