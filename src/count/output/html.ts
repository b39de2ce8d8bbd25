import type { CountReport, RoundReport } from '../report.ts';
import { roundChart } from './chart.ts';
import { describeAction } from './text.ts';

/**
 * A self-contained HTML report (no scripts, no external files): the summary,
 * the stage-by-stage table a returning officer reads out, and for every round
 * an SVG chart of each candidate's votes against the quota with the transfers
 * of that round. Charts carry a text title and the table carries the same
 * figures, so nothing is only in the picture.
 */
export function toHtml(report: CountReport): string {
  const name = (c: number) => report.candidates[c]!.name;
  const counted = report.candidates.flatMap((c, i) => (c.withdrawn ? [] : [i]));
  const title = report.title === '' ? 'Count' : report.title;
  const head = report.rounds.map((r) => `<th scope="col">${r.round}</th>`).join('');
  const rows = counted
    .map((c) => {
      const cells = report.rounds
        .map((r) => {
          const mark = r.elected.includes(c)
            ? ' class="elected"'
            : r.excluded.includes(c)
              ? ' class="excluded"'
              : '';
          return `<td${mark}>${esc(r.tallies[c]!)}</td>`;
        })
        .join('');
      return `<tr><th scope="row">${esc(name(c))}</th>${cells}</tr>`;
    })
    .join('\n');
  const exhausted = report.rounds.map((r) => `<td>${esc(r.exhausted)}</td>`).join('');
  const stages = report.rounds
    .map(
      (r) => `<section>
<h3>Stage ${r.round}: ${esc(describeAction(report, r.action))}</h3>
${chart(report, r, counted)}
${r.notes.map((n) => `<p class="note">${esc(n)}</p>`).join('\n')}
</section>`,
    )
    .join('\n');
  const ties = report.tieBreaks
    .map(
      (t) =>
        `<li>Stage ${t.round}, ${esc(t.purpose)}: ${esc(t.tied.map(name).join(', '))} → <strong>${esc(name(t.chosen))}</strong> (by ${esc(t.by)})</li>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}: result of the count</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; color: #0b0c0c; margin: 2rem auto; max-width: 70rem; padding: 0 1rem; }
h1 { font-size: 2rem; margin-bottom: .25rem; }
dl { display: grid; grid-template-columns: max-content auto; gap: .25rem 1rem; }
dt { font-weight: 600; }
table { border-collapse: collapse; margin: 1rem 0; font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid #b1b4b6; padding: .35rem .6rem; text-align: right; }
th[scope=row] { text-align: left; font-weight: 400; }
td.elected { background: #cce2d8; font-weight: 700; }
td.excluded { color: #6f777b; text-decoration: line-through; }
ol.elected { font-size: 1.2rem; font-weight: 600; }
section { border-top: 1px solid #b1b4b6; margin-top: 1.5rem; }
.note { color: #505a5f; }
svg text { font: 13px system-ui, sans-serif; }
svg.count-chart { max-width: 780px; }
</style>
</head>
<body>
<h1>${esc(title)}</h1>
<p>Result of the count by <strong>${esc(report.method)}</strong>.</p>
<dl>
<dt>Seats</dt><dd>${report.seats}</dd>
<dt>Valid votes</dt><dd>${esc(report.valid)}</dd>
<dt>Invalid</dt><dd>${esc(report.invalid)}</dd>
${report.quota === undefined ? '' : `<dt>Quota</dt><dd>${esc(report.quota)}</dd>`}
<dt>Arithmetic</dt><dd>${esc(report.arithmetic)}</dd>
<dt>Seed for draws by lot</dt><dd><code>${esc(report.seed)}</code></dd>
</dl>
<h2>Elected, in order of election</h2>
<ol class="elected">${report.elected.map((c) => `<li>${esc(name(c))}</li>`).join('')}</ol>
<h2>Votes at each stage</h2>
<table>
<caption>Votes after each stage's transfer. Green: elected at that stage; struck through: excluded after it.</caption>
<thead><tr><th scope="col">Candidate</th>${head}</tr></thead>
<tbody>
${rows}
<tr><th scope="row">Non-transferable</th>${exhausted}</tr>
</tbody>
</table>
${ties === '' ? '' : `<h2>Ties</h2><ul>${ties}</ul>`}
<h2>Stage by stage</h2>
${stages}
<footer><p class="note">${report.notes.map(esc).join('<br>')}</p></footer>
</body>
</html>
`;
}

/** Bars of each candidate's votes (dark) and this round's transfer (light), with the quota line. */
function chart(report: CountReport, r: RoundReport, counted: number[]): string {
  const value = (s: string | undefined) => (s === undefined ? 0 : Number(s)); // for drawing only
  return roundChart({
    id: `stage-${r.round}`,
    title: `Stage ${r.round}: ${counted.map((c) => `${report.candidates[c]!.name} ${r.tallies[c]}`).join(', ')}`,
    bars: counted.map((c) => ({
      name: report.candidates[c]!.name,
      votes: r.tallies[c]!,
      transfer: r.transfers?.[c],
      state: r.elected.includes(c) ? 'elected' : r.excluded.includes(c) ? 'excluded' : 'continuing',
    })),
    max: Math.max(...report.rounds.flatMap((x) => x.tallies.map(value))),
    quota: report.quota,
  });
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
