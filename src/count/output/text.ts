import type { CountReport, RoundAction } from '../report.ts';

/** What moved at a round, in words: `Surplus of Anna Smith`, `Exclusion of Bo Jones`. */
export function describeAction(report: CountReport, a: RoundAction): string {
  const name = (c: number) => report.candidates[c]!.name;
  switch (a.kind) {
    case 'first-preferences':
      return 'First preferences';
    case 'votes':
      return 'Votes';
    case 'surplus':
      return `Surplus of ${name(a.candidate)}`;
    case 'exclusion':
      return `Exclusion of ${a.candidates.map(name).join(', ')}`;
    case 'substitution':
      return `${name(a.added)} replaces ${name(a.removed)} (${a.group})`;
  }
}

/**
 * The report a returning officer reads out: the figures of the count, one
 * column per stage, then who is elected in order, every tie and how it was
 * settled, and the seed that repeats any draw by lot.
 */
export function toText(report: CountReport): string {
  const name = (c: number) => report.candidates[c]!.name;
  const counted = report.candidates.flatMap((c, i) => (c.withdrawn ? [] : [i]));
  const lines: string[] = [];
  lines.push(report.title === '' ? 'Count' : `Count: ${report.title}`);
  lines.push(`Method: ${report.method} (${report.arithmetic})`);
  const quota = report.quota === undefined ? '' : `   Quota: ${report.quota}`;
  lines.push(
    `Seats: ${report.seats}   Valid votes: ${report.valid}   Invalid: ${report.invalid}${quota}`,
  );
  const withdrawn = report.candidates.filter((c) => c.withdrawn).map((c) => c.name);
  if (withdrawn.length > 0) lines.push(`Withdrawn: ${withdrawn.join(', ')}`);
  lines.push('');

  const label = Math.max(16, ...counted.map((c) => name(c).length)) + 2;
  const width = Math.max(12, ...report.rounds.flatMap((r) => r.tallies.map((t) => t.length + 2)));
  const row = (head: string, cells: string[]) =>
    head.padEnd(label) + cells.map((x) => x.padStart(width)).join('');
  lines.push(
    row(
      'Stage',
      report.rounds.map((r) => String(r.round)),
    ),
  );
  for (const c of counted) {
    const marks = report.rounds.map(
      (r) => r.tallies[c]! + (r.elected.includes(c) ? '*' : r.excluded.includes(c) ? '-' : ' '),
    );
    lines.push(row(name(c), marks));
  }
  lines.push(
    row(
      'Non-transferable',
      report.rounds.map((r) => `${r.exhausted} `),
    ),
  );
  lines.push('(* elected at this stage, - excluded after it)');
  lines.push('');
  for (const r of report.rounds) {
    lines.push(
      `Stage ${r.round}: ${describeAction(report, r.action)}${r.action.kind === 'surplus' && r.action.transferValue ? ` (transfer value ${r.action.transferValue})` : ''}`,
    );
    for (const note of r.notes) lines.push(`  ${note}`);
  }
  lines.push('');
  lines.push('Elected, in order of election:');
  report.elected.forEach((c, i) => {
    lines.push(`  ${i + 1}. ${name(c)}`);
  });
  if (report.pairwise) {
    lines.push('');
    lines.push('Pairwise: papers ranking the row candidate above the column candidate');
    const cells = (row: readonly string[]) => counted.map((c) => row[c]!.padStart(width)).join('');
    lines.push(
      row(
        '',
        counted.map((_, k) => `#${k + 1}`),
      ),
    );
    counted.forEach((c, k) => {
      lines.push(`#${k + 1} ${name(c)}`.padEnd(label) + cells(report.pairwise![c]!));
    });
  }
  if (report.tieBreaks.length > 0) {
    lines.push('');
    lines.push('Ties:');
    for (const t of report.tieBreaks) {
      lines.push(
        `  stage ${t.round}, ${t.purpose}: ${t.tied.map(name).join(', ')} → ${name(t.chosen)} (by ${t.by})`,
      );
    }
  }
  lines.push('');
  lines.push(`Seed for any draw by lot: ${report.seed} (repeat with --seed ${report.seed})`);
  for (const note of report.notes) lines.push(`Note: ${note}`);
  return `${lines.join('\n')}\n`;
}
