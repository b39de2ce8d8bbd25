/**
 * Who may vote and who may stand, in the words a member is told.
 *
 * The roll is frozen at the election's eligibility dates (DOMAIN.md: "joined on
 * or before 24 Aug and paid up by 19 Oct"): a member is on it when they joined
 * on or before `joinedBy` and their subscriptions were paid up to at least
 * `paidUpBy`, and their membership has not lapsed.
 */
export interface MemberStanding {
  joinedOn: string;
  duesStatus: 'paid_up' | 'in_arrears' | 'lapsed';
  paidUpTo: string | null;
}

export interface EligibilityDates {
  joinedBy: string | null;
  paidUpBy: string | null;
}

export type Verdict = { eligible: true } | { eligible: false; reasons: string[] };

export function mayVote(member: MemberStanding, dates: EligibilityDates): Verdict {
  const reasons: string[] = [];
  if (member.duesStatus === 'lapsed') reasons.push('your membership has lapsed');
  if (dates.joinedBy && member.joinedOn > dates.joinedBy) {
    reasons.push(
      `you joined on ${longDate(member.joinedOn)}, after the freeze date of ${longDate(dates.joinedBy)}`,
    );
  }
  if (dates.paidUpBy && (member.paidUpTo === null || member.paidUpTo < dates.paidUpBy)) {
    reasons.push(
      member.paidUpTo
        ? `your subscriptions were paid up to ${longDate(member.paidUpTo)}, and had to be paid up to ${longDate(dates.paidUpBy)}`
        : `your subscriptions had to be paid up to ${longDate(dates.paidUpBy)}`,
    );
  }
  return reasons.length === 0 ? { eligible: true } : { eligible: false, reasons };
}

/**
 * A candidate needs `minDays` of membership at the close of nominations
 * (DOMAIN.md: e.g. 12 months).
 */
export function mayStand(
  member: MemberStanding,
  minDays: number | null,
  nominationsClose: string,
): Verdict {
  const reasons: string[] = [];
  if (member.duesStatus === 'lapsed') reasons.push('their membership has lapsed');
  if (minDays !== null) {
    const needed = addDays(member.joinedOn, minDays);
    if (needed > nominationsClose) {
      reasons.push(
        `they will not have been a member for ${minDays} days when nominations close on ${longDate(nominationsClose)}`,
      );
    }
  }
  return reasons.length === 0 ? { eligible: true } : { eligible: false, reasons };
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export function longDate(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}
