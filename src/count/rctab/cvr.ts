import { readCsv } from '../../core/csv.ts';
import { CountInputError } from '../errors.ts';
import { cdfXmlToJson } from './cdf-xml.ts';
import type { RctabSource } from './config.ts';
import { readXlsx } from './xlsx.ts';

/** A cast vote record as RCTab reads it: at each rank, the choices marked. */
export interface CastVoteRecord {
  /** Sorted by rank; `choices` are candidate names, or OVERVOTE. */
  readonly rankings: readonly { readonly rank: number; readonly choices: readonly string[] }[];
}

/** A rank marked with RCTab's overvote label. */
export const OVERVOTE = '\u0000overvote';
/** RCTab's name for votes for candidates who did not declare. */
export const UWI = 'Undeclared Write-ins';

/** Names and aliases (trimmed) → the candidate's name in the report. */
export type CandidateNames = ReadonlyMap<string, string>;

/**
 * ES&S: one row per ballot from `firstVoteRowIndex`, the choices in
 * consecutive columns from `firstVoteColumnIndex`, one column per rank.
 */
export function readEss(
  bytes: Uint8Array,
  file: string,
  source: RctabSource,
  names: CandidateNames,
  ranks: number,
  add: (key: string, read: () => CastVoteRecord) => void,
): void {
  const rows = readXlsx(bytes, file);
  const firstRow = Number(source.firstVoteRowIndex) - 1;
  const firstColumn = Number(source.firstVoteColumnIndex) - 1;
  for (let r = firstRow; r < rows.length; r++) {
    const row = rows[r]!;
    if (row.every((cell) => cell.trim() === '')) continue;
    // Rows with the same choices are one group: keyed by the cells as written.
    const key = `ess\u0001${row.slice(firstColumn, firstColumn + ranks).join('\u0001')}`;
    add(key, () => essRecord(row, firstColumn, ranks, source, names, file, r + 1));
  }
}

function essRecord(
  row: string[],
  firstColumn: number,
  ranks: number,
  source: RctabSource,
  names: CandidateNames,
  file: string,
  r: number,
): CastVoteRecord {
  {
    const rankings: { rank: number; choices: string[] }[] = [];
    for (let k = 0; k < ranks; k++) {
      const cell = (row[firstColumn + k] ?? '').trim();
      const choices = essChoices(cell, source, names, file, r);
      if (choices.length > 0) rankings.push({ rank: k + 1, choices });
    }
    return { rankings };
  }
}

function essChoices(
  cell: string,
  source: RctabSource,
  names: CandidateNames,
  file: string,
  row: number,
): string[] {
  if (cell === '') return source.treatBlankAsUndeclaredWriteIn ? [UWI] : [];
  if (source.skippedRankLabel && cell === source.skippedRankLabel) return [];
  if (source.undervoteLabel && cell === source.undervoteLabel) return [];
  if (source.overvoteLabel && cell === source.overvoteLabel) return [OVERVOTE];
  const parts = source.overvoteDelimiter
    ? cell.split(source.overvoteDelimiter).map((p) => p.trim())
    : [cell];
  return [...new Set(parts.map((p) => candidate(p, source, names, file, row)))];
}

export function candidate(
  text: string,
  source: RctabSource,
  names: CandidateNames,
  file: string,
  row: number,
): string {
  if (source.undeclaredWriteInLabel && text === source.undeclaredWriteInLabel) return UWI;
  const name = names.get(text);
  if (name === undefined)
    throw new CountInputError(`unrecognised candidate ${JSON.stringify(text)}`, file, row);
  return name;
}

interface CdfSelection {
  ContestSelectionId: string;
  SelectionPosition?: {
    Rank?: number;
    HasIndication?: string;
    IsAllocable?: string;
    NumberVotes?: number;
  }[];
}

/**
 * NIST SP 1500-103 Common Data Format, JSON: each CVR's current snapshot,
 * the contest `contestId`, and for each selection the ranks marked. Two or
 * more choices at one rank are an overvote.
 */
export function readCdf(
  text: string,
  file: string,
  source: RctabSource,
  aliases: CandidateNames,
): { records: CastVoteRecord[]; candidates: string[] } {
  let json: {
    CVR?: {
      CurrentSnapshotId?: string;
      CVRSnapshot?: {
        '@id': string;
        CVRContest?: { ContestId: string; CVRContestSelection?: CdfSelection[] }[];
      }[];
    }[];
    Election?: {
      Candidate?: { '@id': string; Name: string }[];
      Contest?: {
        '@id': string;
        Name?: string;
        ContestSelection?: {
          '@id': string;
          CandidateIds?: string[];
          IsWriteIn?: boolean | string;
        }[];
      }[];
    }[];
  };
  try {
    json = (
      text.trimStart().startsWith('<') ? cdfXmlToJson(text) : JSON.parse(text)
    ) as typeof json;
  } catch (error) {
    throw new CountInputError(`not a CDF cast vote record file: ${(error as Error).message}`, file);
  }
  const candidateName = new Map<string, string>();
  const selection = new Map<string, string>();
  const order: string[] = [];
  const contestIds = new Set<string>();
  for (const election of json.Election ?? []) {
    // Names as printed: runs of white space (line breaks in XML) collapsed.
    for (const c of election.Candidate ?? [])
      candidateName.set(
        c['@id'],
        String(c.Name ?? c['@id'])
          .replace(/\s+/g, ' ')
          .trim(),
      );
    for (const contest of election.Contest ?? []) {
      // RCTab configs name the contest by its id or by its name.
      if (contest['@id'] !== source.contestId && contest.Name !== source.contestId) continue;
      contestIds.add(contest['@id']);
      for (const s of contest.ContestSelection ?? []) {
        const id = s.CandidateIds?.[0];
        let name = id === undefined ? undefined : candidateName.get(id);
        // A write-in selection with no declared candidate behind it.
        if (name === undefined && String(s.IsWriteIn) === 'true') name = UWI;
        if (name === undefined) continue;
        name = aliases.get(name.trim()) ?? name;
        if (source.overvoteLabel && name === source.overvoteLabel) name = OVERVOTE;
        else if (source.undeclaredWriteInLabel && name === source.undeclaredWriteInLabel)
          name = UWI;
        selection.set(s['@id'], name);
        if (name !== OVERVOTE && !order.includes(name)) order.push(name);
      }
    }
  }
  const records: CastVoteRecord[] = [];
  for (const cvr of json.CVR ?? []) {
    const snapshot =
      cvr.CVRSnapshot?.find((s) => s['@id'] === cvr.CurrentSnapshotId) ?? cvr.CVRSnapshot?.[0];
    const contest = snapshot?.CVRContest?.find((c) => contestIds.has(c.ContestId));
    if (!contest) continue;
    const byRank = new Map<number, string[]>();
    for (const s of contest.CVRContestSelection ?? []) {
      const name = selection.get(s.ContestSelectionId);
      for (const p of s.SelectionPosition ?? []) {
        if (p.Rank === undefined || p.HasIndication === 'no') continue;
        if (name === undefined) {
          throw new CountInputError(`unknown contest selection ${s.ContestSelectionId}`, file);
        }
        const at = byRank.get(p.Rank) ?? [];
        if (!at.includes(name)) at.push(name);
        byRank.set(p.Rank, at);
      }
    }
    records.push({
      rankings: [...byRank]
        .sort((a, b) => a[0] - b[0])
        .map(([rank, choices]) => ({ rank, choices })),
    });
  }
  return { records, candidates: order };
}

/**
 * RCTab's generic CSV: a header row naming the candidates from
 * `firstVoteColumnIndex` on, then one row per ballot from `firstVoteRowIndex`
 * with the rank given to each candidate (blank: not ranked).
 */
export function readGenericCsv(
  text: string,
  file: string,
  source: RctabSource,
  names: CandidateNames,
  add: (key: string, read: () => CastVoteRecord) => void,
): void {
  const rows = readCsv(text);
  const firstColumn = Number(source.firstVoteColumnIndex) - 1;
  const firstRow = Number(source.firstVoteRowIndex) - 1;
  const header = rows[firstRow - 1];
  if (!header) throw new CountInputError('no header row naming the candidates', file, 1);
  const columns = header.fields
    .slice(firstColumn)
    .map((h) => candidate(h.trim(), source, names, file, header.line));
  for (const row of rows.slice(firstRow)) {
    const ranks = row.fields.slice(firstColumn);
    if (ranks.every((r) => r.trim() === '')) continue;
    add(`csv\u0001${ranks.join('\u0001')}`, () => {
      const byRank = new Map<number, string[]>();
      ranks.forEach((cell, k) => {
        const text = cell.trim();
        if (text === '') return;
        const rank = Number(text);
        if (!Number.isInteger(rank) || rank < 1)
          throw new CountInputError(
            `rank ${JSON.stringify(text)} is not a whole number`,
            file,
            row.line,
          );
        const c = columns[k];
        if (c === undefined)
          throw new CountInputError('more ranks than candidates in the header', file, row.line);
        byRank.set(rank, [...(byRank.get(rank) ?? []), c]);
      });
      return {
        rankings: [...byRank]
          .sort((a, b) => a[0] - b[0])
          .map(([rank, choices]) => ({ rank, choices })),
      };
    });
  }
}

interface DominionMark {
  CandidateId: number;
  Rank: number;
  IsAmbiguous?: boolean;
}
interface DominionSession {
  Original?: {
    IsCurrent?: boolean;
    Cards?: {
      Contests?: { Id: number; Marks?: DominionMark[]; OutstackConditionIds?: number[] }[];
    }[];
  };
  Modified?: DominionSession['Original'];
}

/**
 * Dominion: a folder whose CvrExport*.json files hold sessions; each session's
 * current card (Modified when it is current, else Original) has, per contest,
 * the marks made: a candidate id and a rank. Ambiguous marks are not counted,
 * and a contest the scanner flagged "InvalidContest" (an outstack condition,
 * OutstackConditionManifest.json) is not a ballot at all, as RCTab reads it
 * (2024_alaska_dominion: 73 of 197 set aside). Candidate ids are matched
 * against the config's names and aliases.
 */
export function readDominion(
  files: readonly { name: string; text: string }[],
  source: RctabSource,
  names: CandidateNames,
  add: (key: string, read: () => CastVoteRecord) => void,
): void {
  const exports = files.filter((f) => /^CvrExport.*\.json$/.test(f.name));
  if (exports.length === 0)
    throw new CountInputError('no CvrExport*.json in the folder', source.filePath);
  const invalid = invalidContestIds(files, source);
  for (const { name, text } of exports) {
    let json: { Sessions?: DominionSession[] };
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new CountInputError(
        `not JSON: ${(error as Error).message}`,
        `${source.filePath}/${name}`,
      );
    }
    for (const session of json.Sessions ?? []) {
      const card = session.Modified?.IsCurrent
        ? session.Modified
        : (session.Original ?? session.Modified);
      for (const c of card?.Cards ?? []) {
        for (const contest of c.Contests ?? []) {
          if (String(contest.Id) !== String(source.contestId)) continue;
          if (contest.OutstackConditionIds?.some((id) => invalid.has(id))) continue;
          const marks = (contest.Marks ?? []).filter((m) => !m.IsAmbiguous);
          add(`dominion\u0001${marks.map((m) => `${m.Rank}:${m.CandidateId}`).join(' ')}`, () => {
            const byRank = new Map<number, string[]>();
            for (const m of marks) {
              const who = candidate(
                String(m.CandidateId),
                source,
                names,
                `${source.filePath}/${name}`,
                0,
              );
              const at = byRank.get(m.Rank) ?? [];
              if (!at.includes(who)) at.push(who);
              byRank.set(m.Rank, at);
            }
            return {
              rankings: [...byRank]
                .sort((a, b) => a[0] - b[0])
                .map(([rank, choices]) => ({ rank, choices })),
            };
          });
        }
      }
    }
  }
}

/** The ids of the outstack condition "InvalidContest", from the folder's manifest if it has one. */
function invalidContestIds(
  files: readonly { name: string; text: string }[],
  source: RctabSource,
): Set<number> {
  const manifest = files.find((f) => f.name === 'OutstackConditionManifest.json');
  if (!manifest?.text) return new Set();
  try {
    const json = JSON.parse(manifest.text) as { List?: { Id: number; Description: string }[] };
    return new Set(
      (json.List ?? []).filter((c) => c.Description === 'InvalidContest').map((c) => c.Id),
    );
  } catch (error) {
    throw new CountInputError(
      `not JSON: ${(error as Error).message}`,
      `${source.filePath}/OutstackConditionManifest.json`,
    );
  }
}
