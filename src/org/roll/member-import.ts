import { readCsv, writeCsv } from '../../core/csv.ts';

/**
 * Importing members from CSV (issue 5, "Administrator"). The file is checked
 * whole first: every bad row is reported (line, field, reason) and nothing is
 * imported until the file is clean. Rows are matched to existing members by
 * membership number, so a re-import updates rather than duplicates.
 *
 *   membership_number,first_name,last_name,email,postal_address,gender,branch,joined_on,dues_status,paid_up_to,representative
 *
 * `representative` (optional: yes or empty) flags elected representatives such
 * as MPs; a file without the column leaves the flag as it was.
 */
export const memberColumns = [
  'membership_number',
  'first_name',
  'last_name',
  'email',
  'postal_address',
  'gender',
  'branch',
  'joined_on',
  'dues_status',
  'paid_up_to',
  'representative',
] as const;

const required = new Set([
  'membership_number',
  'first_name',
  'last_name',
  'branch',
  'joined_on',
  'dues_status',
]);
const genders = ['woman', 'man', 'non-binary', 'other'] as const;
const dues = ['paid_up', 'in_arrears', 'lapsed'] as const;

export interface ImportedMember {
  membershipNumber: string;
  firstName: string;
  lastName: string;
  email: string | null;
  postalAddress: string | null;
  gender: (typeof genders)[number] | null;
  branch: string;
  joinedOn: string;
  duesStatus: (typeof dues)[number];
  paidUpTo: string | null;
  /** null when the file has no representative column. */
  representative: boolean | null;
}

export interface ImportProblem {
  line: number;
  field: string;
  reason: string;
}

/** Reads and checks a members file against the branches that exist; never partial. */
export function readMembersCsv(
  text: string,
  branches: Set<string>,
): { members: ImportedMember[]; problems: ImportProblem[] } {
  // Our own export neutralises cells that begin like a formula (src/core/csv.ts): read back as they were.
  const rows = readCsv(text, { restoreNeutralised: true }).filter((r) =>
    r.fields.some((f) => f.trim() !== ''),
  );
  const problems: ImportProblem[] = [];
  const header = rows[0];
  if (!header)
    return {
      members: [],
      problems: [
        {
          line: 1,
          field: '(file)',
          reason: 'the file is empty; the first row must name the columns',
        },
      ],
    };
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const missing = memberColumns.filter((c) => required.has(c) && !names.includes(c));
  const unknown = names.filter((n) => !(memberColumns as readonly string[]).includes(n));
  if (missing.length > 0 || unknown.length > 0) {
    const reason = [
      missing.length ? `missing column(s) ${missing.join(', ')}` : '',
      unknown.length ? `unknown column(s) ${unknown.join(', ')}` : '',
    ].filter(Boolean);
    return {
      members: [],
      problems: [
        {
          line: header.line,
          field: '(header)',
          reason: `${reason.join('; ')}; expected ${memberColumns.join(',')}`,
        },
      ],
    };
  }
  const members: ImportedMember[] = [];
  const seenNumbers = new Map<string, number>();
  const seenEmails = new Map<string, number>();
  for (const row of rows.slice(1)) {
    const get = (c: string) => (row.fields[names.indexOf(c)] ?? '').trim();
    const problem = (field: string, reason: string) =>
      problems.push({ line: row.line, field, reason });
    for (const c of required) if (get(c) === '') problem(c, 'is empty');
    const number = get('membership_number').toUpperCase();
    const email = get('email').toLowerCase();
    if (number && seenNumbers.has(number))
      problem('membership_number', `repeats line ${seenNumbers.get(number)}`);
    else if (number) seenNumbers.set(number, row.line);
    if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
      problem('email', `'${email}' is not an email address`);
    else if (email && seenEmails.has(email))
      problem('email', `repeats line ${seenEmails.get(email)}`);
    else if (email) seenEmails.set(email, row.line);
    const gender = get('gender').toLowerCase();
    if (gender && !(genders as readonly string[]).includes(gender))
      problem('gender', `'${gender}' is not one of ${genders.join(', ')} (or leave it empty)`);
    const branch = get('branch');
    if (branch && !branches.has(branch)) problem('branch', `there is no branch called '${branch}'`);
    const status = get('dues_status')
      .toLowerCase()
      .replace(/[\s-]+/g, '_');
    if (status && !(dues as readonly string[]).includes(status))
      problem('dues_status', `'${get('dues_status')}' is not one of ${dues.join(', ')}`);
    for (const field of ['joined_on', 'paid_up_to']) {
      const day = get(field);
      if (
        day &&
        (!/^\d{4}-\d{2}-\d{2}$/.test(day) ||
          Number.isNaN(Date.parse(`${day}T00:00:00Z`)) ||
          new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day)
      ) {
        problem(field, `'${day}' is not a date as YYYY-MM-DD`);
      }
    }
    const representative = get('representative').toLowerCase();
    if (!['', 'yes', 'no', 'true', 'false'].includes(representative))
      problem('representative', `'${representative}' should be yes or empty`);
    members.push({
      representative: names.includes('representative')
        ? representative === 'yes' || representative === 'true'
        : null,
      membershipNumber: number,
      firstName: get('first_name'),
      lastName: get('last_name'),
      email: email || null,
      postalAddress: get('postal_address') || null,
      gender: (gender || null) as ImportedMember['gender'],
      branch,
      joinedOn: get('joined_on'),
      duesStatus: status as ImportedMember['duesStatus'],
      paidUpTo: get('paid_up_to') || null,
    });
  }
  if (rows.length === 1)
    problems.push({
      line: header.line,
      field: '(file)',
      reason: 'there are no members after the header row',
    });
  return { members: problems.length ? [] : members, problems };
}

/**
 * The same columns out, for export (and a round trip back in). Names and
 * addresses that begin like a spreadsheet formula are neutralised by the writer
 * (src/core/csv.ts) and restored by `readMembersCsv`. Rows end in LF, as this
 * file always has.
 */
export function writeMembersCsv(members: ImportedMember[]): string {
  return writeCsv(
    [
      memberColumns,
      ...members.map((m) => [
        m.membershipNumber,
        m.firstName,
        m.lastName,
        m.email,
        m.postalAddress,
        m.gender,
        m.branch,
        m.joinedOn,
        m.duesStatus,
        m.paidUpTo,
        m.representative ? 'yes' : '',
      ]),
    ],
    { lineEnd: '\n' },
  );
}
