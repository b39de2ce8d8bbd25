/** Dates as people in the UK write them: 24 August 2026. */
export function formatDay(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** A moment in UK time: 19 November 2026, 17:00. */
export function formatMoment(at: Date): string {
  return at.toLocaleString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/London',
  });
}

export const duesLabel = {
  paid_up: 'Paid up',
  in_arrears: 'In arrears',
  lapsed: 'Lapsed',
} as const;

export { stageNames as stageLabel } from '../../org/elections/index.ts';

export const roleLabel = {
  member: 'Member',
  branch_officer: 'Branch officer',
  affiliate_officer: 'Affiliate officer',
  representative: 'Elected representative',
  organiser: 'Organiser',
  returning_officer: 'Returning officer',
  scrutineer: 'Scrutineer',
  trustee: 'Trustee',
  administrator: 'Administrator',
} as const;
