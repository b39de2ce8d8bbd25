import {
  affiliateNames,
  branchNames,
  firstNames,
  lastNames,
  regionNames,
  streetNames,
} from './names.ts';
import { mulberry32 } from './random.ts';

/**
 * The demo organisation: a party close to the running example of DOMAIN.md
 * (a national executive by-election of three seats, in its nominations stage),
 * with invented names. Pure and deterministic: the same seed and date give the
 * same organisation, byte for byte.
 */
export interface DemoOptions {
  seed: number;
  /** The day the demo is set on: join dates, dues and the election's timeline are relative to it. */
  today: string;
  /** Members to invent (at least 3,000 by default). */
  members?: number;
}

export interface DemoMember {
  membershipNumber: string;
  firstName: string;
  lastName: string;
  email: string | null;
  postalAddress: string;
  gender: 'woman' | 'man' | 'non-binary' | null;
  branch: number;
  joinedOn: string;
  duesStatus: 'paid_up' | 'in_arrears' | 'lapsed';
  paidUpTo: string;
  /** An elected representative (an MP, say). */
  representative: boolean;
}

/** A grant of a role to a member, by index in `members`. */
export interface DemoGrant {
  member: number;
  role:
    | 'administrator'
    | 'branch_officer'
    | 'affiliate_officer'
    | 'organiser'
    | 'returning_officer'
    | 'scrutineer';
  branch?: number;
  /** Index in `affiliates`, for an affiliate officer. */
  affiliate?: number;
}

export interface DemoOrganisation {
  name: string;
  shortName: string;
  regions: string[];
  branches: { name: string; region: number }[];
  affiliates: typeof affiliateNames;
  members: DemoMember[];
  election: {
    title: string;
    body: string;
    seats: number;
    method: string;
    stage: 'nominations';
    joinedBy: string;
    paidUpBy: string;
    nominationsOpenAt: string;
    nominationsCloseAt: string;
    ballotOpenAt: string;
    ballotCloseAt: string;
  };
  grants: DemoGrant[];
}

/** The named accounts a person trying the demo signs in as. */
export const demoAccounts = [
  { email: 'admin@party.example', firstName: 'Morgan', lastName: 'Hale', grant: 'administrator' },
  {
    email: 'secretary@party.example',
    firstName: 'Priya',
    lastName: 'Okafor',
    grant: 'branch_officer',
  },
  { email: 'organiser@party.example', firstName: 'Dafydd', lastName: 'Rees', grant: 'organiser' },
  {
    email: 'returning.officer@party.example',
    firstName: 'Ruth',
    lastName: 'Ellison',
    grant: 'returning_officer',
  },
  {
    email: 'scrutineer@party.example',
    firstName: 'Tomasz',
    lastName: 'Nowak',
    grant: 'scrutineer',
  },
  { email: 'member@party.example', firstName: 'Sam', lastName: 'Carter', grant: undefined },
] as const;

export function generateDemo(options: DemoOptions): DemoOrganisation {
  const random = mulberry32(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const today = parseDay(options.today);
  const count = options.members ?? 3_600;

  const branches = branchNames.flatMap((names, region) => names.map((name) => ({ name, region })));
  // Branches differ in size, as constituency parties do (some three times others).
  const branchWeights = branches.map(() => 0.5 + random() * 1.5);
  const totalWeight = branchWeights.reduce((a, b) => a + b, 0);
  const pickBranch = () => {
    let r = random() * totalWeight;
    for (let i = 0; i < branchWeights.length; i++) {
      r -= branchWeights[i]!;
      if (r < 0) return i;
    }
    return branchWeights.length - 1;
  };

  const members: DemoMember[] = [];
  for (let i = 0; i < count; i++) {
    const account = demoAccounts[i];
    const g = random();
    const gender = g < 0.47 ? 'woman' : g < 0.93 ? 'man' : g < 0.95 ? 'non-binary' : null;
    const firstName =
      account?.firstName ??
      pick(firstNames[gender === 'woman' || gender === 'man' ? gender : 'other']);
    const lastName = account?.lastName ?? pick(lastNames);
    const joinedOn = joinDate(random, today);
    const dues = duesFor(random, today, joinedOn);
    const hasEmail = account !== undefined || random() < 0.92;
    members.push({
      membershipNumber: `L${String(100_001 + i * 7).padStart(7, '0')}`,
      firstName,
      lastName,
      email: account?.email ?? (hasEmail ? emailFor(firstName, lastName, i) : null),
      postalAddress: `${1 + Math.floor(random() * 180)} ${pick(streetNames)}, ${branches[0]!.name}`,
      gender,
      // The named accounts sit in the first branch, whose secretary is one of them.
      branch: account ? 0 : pickBranch(),
      joinedOn,
      ...dues,
      // About one member in 120 is an elected representative.
      representative: !account && i % 120 === 17,
    });
    const member = members[i]!;
    member.postalAddress = `${member.postalAddress.split(', ')[0]}, ${branches[member.branch]!.name}`;
    if (account) {
      // Demo accounts are long-standing, paid-up members, so they can vote and stand.
      member.joinedOn = addDays(today, -3_000 - i * 97);
      member.duesStatus = 'paid_up';
      member.paidUpTo = addDays(today, 200);
    }
  }

  const grants: DemoGrant[] = demoAccounts.flatMap((account, member) =>
    account.grant
      ? [
          {
            member,
            role: account.grant,
            ...(account.grant === 'branch_officer' ? { branch: 0 } : {}),
          },
        ]
      : [],
  );
  // Each affiliated organisation's officer: the first members after the named
  // accounts who have an email (to sign in with).
  const officers = members
    .map((m, i) => ({ m, i }))
    .filter(({ m, i }) => i >= demoAccounts.length && m.email !== null && !m.representative)
    .slice(0, affiliateNames.length);
  for (const [affiliate, { i }] of officers.entries())
    grants.push({ member: i, role: 'affiliate_officer', affiliate });

  return {
    name: 'The Commonwealth Party',
    shortName: 'Commonwealth',
    regions: regionNames,
    branches,
    affiliates: affiliateNames,
    members,
    election: {
      title: 'National Executive Committee: constituency section by-election',
      body: 'National Executive Committee',
      seats: 3,
      method: 'block-vote',
      stage: 'nominations',
      joinedBy: addDays(today, -60),
      paidUpBy: addDays(today, 14),
      nominationsOpenAt: `${addDays(today, -7)}T09:00:00Z`,
      nominationsCloseAt: `${addDays(today, 14)}T17:00:00Z`,
      ballotOpenAt: `${addDays(today, 25)}T09:00:00Z`,
      ballotCloseAt: `${addDays(today, 68)}T12:00:00Z`,
    },
    grants,
  };
}

/**
 * Join dates as a party's roll has them: a long tail of older members, a surge
 * in the two years of a leadership contest nine years before, steady since.
 */
function joinDate(random: () => number, today: Date): string {
  const r = random();
  const years = r < 0.25 ? 10 + random() * 30 : r < 0.7 ? 8 + random() * 2 : random() * 8;
  return addDays(today, -Math.floor(years * 365.25) - 1);
}

function duesFor(random: () => number, today: Date, joinedOn: string) {
  const r = random();
  if (r < 0.82) {
    return {
      duesStatus: 'paid_up' as const,
      paidUpTo: addDays(today, 1 + Math.floor(random() * 365)),
    };
  }
  // Arrears begin when dues lapse; a member lapses after six months in arrears.
  const behind = r < 0.92 ? 1 + Math.floor(random() * 180) : 181 + Math.floor(random() * 900);
  const paidUpTo = addDays(today, -behind);
  return {
    duesStatus: behind <= 180 ? ('in_arrears' as const) : ('lapsed' as const),
    paidUpTo: paidUpTo < joinedOn ? joinedOn : paidUpTo,
  };
}

function emailFor(first: string, last: string, i: number): string {
  const local = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '');
  return `${local}.${i}@members.example`;
}

function parseDay(day: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day))
    throw new RangeError(`expected a date as YYYY-MM-DD, got '${day}'`);
  return new Date(`${day}T00:00:00Z`);
}

function addDays(from: Date | string, days: number): string {
  const date = typeof from === 'string' ? parseDay(from) : from;
  return new Date(date.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}
