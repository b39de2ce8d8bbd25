import { Rational } from '../arithmetic/rational.ts';
import { type Ballot, type Candidate, type Election, mergeBallots } from '../election.ts';
import { CountInputError } from '../errors.ts';

/**
 * Ballots as JSON, for tools that already hold them as data:
 *
 *   {"title": "NEC 2026", "seats": 3,
 *    "candidates": ["Anna Smith", {"name": "Cy Patel", "groups": ["women"]}],
 *    "withdrawn": ["Bo Jones"],
 *    "ballots": [{"weight": 12, "ranking": ["Anna Smith", ["Bo Jones", "Cy Patel"]]},
 *                ["Cy Patel", "Anna Smith"]]}
 *
 * A ballot is a ranking (names in order of preference; a list inside it is an
 * equal preference) or an object with `ranking` and a `weight` (a number or a
 * decimal string, default 1). Errors name the JSON path of the problem.
 *
 * A top-level list is read as Belenios ballots (what `belenios-tool method
 * stv` reads): each ballot lists, for every candidate in turn, the rank given
 * (1 is best, 0 unranked, equal numbers equal preferences). Belenios ballots
 * carry no names: the candidates are called `Candidate 1`, `Candidate 2`...
 */
export function parseBallotsJson(text: string, file: string): Election {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CountInputError(`not JSON: ${(error as Error).message}`, file);
  }
  const fail = (path: string, problem: string): never => {
    throw new CountInputError(`${path}: ${problem}`, file);
  };
  if (Array.isArray(json)) return beleniosBallots(json, fail);
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    fail('(top)', 'expected an object with candidates and ballots');
  const doc = json as Record<string, unknown>;
  if (!Array.isArray(doc.candidates)) fail('candidates', 'expected a list of candidate names');
  const withdrawn = new Set(Array.isArray(doc.withdrawn) ? doc.withdrawn.map(String) : []);
  const candidates: Candidate[] = (doc.candidates as unknown[]).map((c, i) => {
    const name =
      typeof c === 'string'
        ? c
        : typeof c === 'object' && c !== null
          ? (c as { name?: unknown }).name
          : undefined;
    if (typeof name !== 'string' || name.trim() === '')
      return fail(`candidates[${i}]`, 'expected a name');
    const groups =
      typeof c === 'object' && c !== null && Array.isArray((c as { groups?: unknown }).groups)
        ? (c as { groups: unknown[] }).groups.map(String)
        : [];
    return { name: name.trim(), groups, withdrawn: withdrawn.has(name.trim()) };
  });
  const index = new Map(candidates.map((c, i) => [c.name, i]));
  for (const w of withdrawn)
    if (!index.has(w)) fail('withdrawn', `${JSON.stringify(w)} is not a candidate`);
  const seats = doc.seats === undefined ? 1 : Number(doc.seats);
  if (!Number.isInteger(seats) || seats < 1) fail('seats', 'expected a whole number of at least 1');
  if (!Array.isArray(doc.ballots)) fail('ballots', 'expected a list of ballots');
  const ballots: Ballot[] = (doc.ballots as unknown[]).map((b, i) => {
    const path = `ballots[${i}]`;
    const raw = Array.isArray(b)
      ? { ranking: b, weight: 1 }
      : (b as { ranking?: unknown; weight?: unknown } | null);
    if (!raw || !Array.isArray(raw.ranking))
      return fail(path, 'expected a ranking (a list of names) or {"ranking": [...], "weight": N}');
    const weight = Rational.parseDecimal(String(raw.weight ?? 1));
    if (!weight || weight.n < 0n)
      return fail(
        `${path}.weight`,
        `expected a number of at least 0, got ${JSON.stringify(raw.weight)}`,
      );
    const seen = new Set<number>();
    const ranking = (raw.ranking as unknown[]).flatMap((entry, k) => {
      const group = (Array.isArray(entry) ? entry : [entry]).map((name) => {
        const c = index.get(String(name));
        return c === undefined
          ? fail(`${path}.ranking[${k}]`, `${JSON.stringify(name)} is not a candidate`)
          : c;
      });
      const fresh = group.filter((c) => !seen.has(c));
      for (const c of fresh) seen.add(c);
      return fresh.length > 0 ? [fresh] : [];
    });
    return { weight, ranking };
  });
  return {
    title: typeof doc.title === 'string' ? doc.title : '',
    seats,
    candidates,
    ballots: mergeBallots(ballots),
  };
}

function beleniosBallots(
  list: unknown[],
  fail: (path: string, problem: string) => never,
): Election {
  const n = Array.isArray(list[0]) ? list[0].length : 0;
  const ballots: Ballot[] = list.map((b, i) => {
    if (!Array.isArray(b) || b.length !== n)
      return fail(`[${i}]`, `expected a list of ${n} ranks, one per candidate`);
    const ranks = b.map((r, c) => {
      if (!Number.isInteger(r) || (r as number) < 0)
        return fail(
          `[${i}][${c}]`,
          `expected a rank (a whole number, 0 for unranked), got ${JSON.stringify(r)}`,
        );
      return r as number;
    });
    const levels = [...new Set(ranks.filter((r) => r > 0))].sort((x, y) => x - y);
    return {
      weight: Rational.ONE,
      ranking: levels.map((level) => ranks.flatMap((r, c) => (r === level ? [c] : []))),
    };
  });
  const candidates = Array.from({ length: n }, (_, i) => ({
    name: `Candidate ${i + 1}`,
    groups: [],
    withdrawn: false,
  }));
  return { title: '', seats: 1, candidates, ballots: mergeBallots(ballots) };
}
