/**
 * A bar chart of one round of a count, as SVG text with no scripts and no
 * styles of its own (so it can sit in a page with a strict content security
 * policy): each candidate's votes (dark), the part of them transferred in
 * this round (light), and the quota as a dashed line. It carries a title and
 * a description for screen readers; the figures are also in the table beside
 * it, which stays the primary record.
 */
export interface ChartBar {
  name: string;
  /** Votes after this round, as a decimal string. */
  votes: string;
  /** Votes received in this round's transfer, if any (a decimal string). */
  transfer?: string | undefined;
  state: 'elected' | 'excluded' | 'continuing';
}

export interface ChartOptions {
  /** Unique within the page: the title and description are referenced by id. */
  id: string;
  title: string;
  bars: ChartBar[];
  /** The largest vote of any round, so every round's chart has the same scale. */
  max: number;
  quota?: string | undefined;
}

const colours = { elected: '#00703c', excluded: '#b1b4b6', continuing: '#1d70b8' };

export function roundChart(options: ChartOptions): string {
  const width = 780;
  const label = 280;
  const bar = 22;
  const { bars, id } = options;
  const height = bars.length * (bar + 8) + 30;
  const value = (s: string | undefined) => (s === undefined ? 0 : Number(s)); // for drawing only
  const quota = value(options.quota);
  const max = Math.max(quota, options.max, 1);
  const x = (v: number) => label + (Math.max(0, v) / max) * (width - label - 90);
  const drawn = bars
    .map((b, i) => {
      const y = 10 + i * (bar + 8);
      const votes = value(b.votes);
      const moved = value(b.transfer);
      const gain =
        moved > 0
          ? `<rect x="${x(votes - moved)}" y="${y}" width="${x(votes) - x(votes - moved)}" height="${bar}" fill="#5694ca"/>`
          : '';
      return `<text x="${label - 8}" y="${y + 16}" text-anchor="end">${esc(b.name)}</text>
<rect x="${label}" y="${y}" width="${x(votes) - label}" height="${bar}" fill="${colours[b.state]}"/>${gain}
<text x="${x(votes) + 6}" y="${y + 16}">${esc(b.votes)}${moved > 0 ? ` (+${esc(b.transfer!)})` : ''}</text>`;
    })
    .join('\n');
  const q =
    quota > 0
      ? `<line x1="${x(quota)}" x2="${x(quota)}" y1="4" y2="${height - 18}" stroke="#d4351c" stroke-width="2" stroke-dasharray="6 4"/><text x="${x(quota)}" y="${height - 4}" text-anchor="middle" fill="#d4351c">quota ${esc(options.quota!)}</text>`
      : '';
  const description = [
    ...bars.map(
      (b) =>
        `${b.name}: ${b.votes}${value(b.transfer) > 0 ? ` (${b.transfer} transferred in)` : ''}${b.state === 'continuing' ? '' : `, ${b.state}`}`,
    ),
    ...(quota > 0 ? [`Quota: ${options.quota}`] : []),
  ].join('; ');
  return `<svg role="img" aria-labelledby="${esc(id)}-title ${esc(id)}-desc" viewBox="0 0 ${width} ${height}" width="100%" class="count-chart"><title id="${esc(id)}-title">${esc(options.title)}</title><desc id="${esc(id)}-desc">${esc(description)}</desc>
${drawn}
${q}
</svg>`;
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
