import { CountInputError } from '../errors.ts';
import { type RctabConfig, readRctabConfig } from './config.ts';
import { type CastVoteRecord, readCdf, readDominion, readEss, readGenericCsv, UWI } from './cvr.ts';
import { readClearBallot, readHart } from './cvr-more.ts';
import { tabulateRctabMulti } from './multi-winner.ts';
import { type RctabRound, tabulateRctab } from './tabulate.ts';

/** RCTab's winnerElectionMode values this engine counts. */
const modes = [
  'singleWinnerMajority',
  'multiPassIrv',
  'multiWinnerAllowMultipleWinnersPerRound',
  'multiWinnerAllowOnlyOneWinnerPerRound',
  'bottomsUp',
  'bottomsUpUsingPercentageThreshold',
];

/** RCTab's detailed report, in its own JSON shape, so the two compare file to file. */
export interface RctabReport {
  config: { contest: string; date: string; jurisdiction: string; office: string };
  jsonFormatVersion: '1';
  results: RctabRound[];
  summary: {
    finalThreshold: string;
    numCandidates: number;
    numWinners: number;
    totalNumBallots: string;
    undervotes: number;
  };
}

/**
 * Runs an RCTab contest config as RCTab would. `readFile(path)` returns the
 * bytes of a cast vote record file named in the config (paths relative to the
 * config) and `listFolder(path)` the file names in a folder (Dominion): the
 * caller does the reading, this library only counts.
 */
export function countRctabContest(
  configText: string,
  readFile: (path: string) => Uint8Array,
  configName = 'config.json',
  listFolder?: (path: string) => string[],
): RctabReport | RctabReport[] {
  let config: RctabConfig;
  try {
    config = readRctabConfig(configText);
  } catch (error) {
    throw new CountInputError(`not an RCTab config: ${(error as Error).message}`, configName);
  }
  const mode = config.rules.winnerElectionMode;
  if (!modes.includes(mode)) {
    throw new CountInputError(
      `winnerElectionMode ${mode} is not supported (${modes.join(', ')} are)`,
      configName,
    );
  }
  const names = new Map<string, string>();
  const order: string[] = [];
  for (const c of config.candidates) {
    order.push(c.name);
    for (const alias of [c.name, ...(c.aliases ?? [])]) names.set(alias.trim(), c.name);
  }
  // Identical records are merged as they are read: a million ballots hold a few thousand rankings.
  const groups = new Map<string, { record: CastVoteRecord; count: number }>();
  const addOne = (key: string, read: () => CastVoteRecord) => {
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { record: read(), count: 1 });
  };
  const add = (records: CastVoteRecord[]) => {
    for (const record of records) {
      addOne(
        record.rankings.map((r) => `${r.rank}:${r.choices.join('\u0001')}`).join('\u0002'),
        () => record,
      );
    }
  };
  const ranks =
    config.rules.maxRankingsAllowed === 'max'
      ? config.candidates.length
      : Number(config.rules.maxRankingsAllowed);
  for (const source of config.cvrFileSources) {
    const bytes = () => readFile(source.filePath);
    const text = () => new TextDecoder().decode(bytes());
    if (source.provider === 'ess') readEss(bytes(), source.filePath, source, names, ranks, addOne);
    else if (source.provider === 'cdf') {
      const cdf = readCdf(text(), source.filePath, source, names);
      add(cdf.records);
      for (const c of cdf.candidates) if (!order.includes(c)) order.push(c);
    } else if (source.provider === 'dominion') {
      if (!listFolder)
        throw new CountInputError(
          'a Dominion source is a folder: the caller must list it',
          configName,
        );
      const decoder = new TextDecoder();
      const files = listFolder(source.filePath).map((name) => ({
        name,
        text: /^(CvrExport.*|OutstackConditionManifest)\.json$/.test(name)
          ? decoder.decode(readFile(`${source.filePath}/${name}`))
          : '',
      }));
      readDominion(files, source, names, addOne);
    } else if (source.provider === 'hart') {
      if (!listFolder)
        throw new CountInputError('a Hart source is a folder: the caller must list it', configName);
      const decoder = new TextDecoder();
      const files = listFolder(source.filePath).map((name) => ({
        name,
        text: /\.xml$/i.test(name) ? decoder.decode(readFile(`${source.filePath}/${name}`)) : '',
      }));
      readHart(files, source, names, addOne);
    } else if (source.provider === 'clearBallot') {
      readClearBallot(text(), source.filePath, source, names, addOne);
    } else if (source.provider === 'genericCsv') {
      readGenericCsv(text(), source.filePath, source, names, addOne);
    } else
      throw new CountInputError(
        `cast vote records from ${source.provider} are not supported yet (ess, cdf, dominion, hart, clearBallot and genericCsv are)`,
        configName,
      );
  }
  const uwi = config.cvrFileSources.some(
    (s) => s.undeclaredWriteInLabel || s.treatBlankAsUndeclaredWriteIn,
  );
  if (uwi && !order.includes(UWI)) order.push(UWI);
  const o = config.outputSettings ?? {};
  const report = (
    results: RctabRound[],
    undervotes: number,
    ballots: number,
    winners = 1,
  ): RctabReport => ({
    config: {
      contest: o.contestName ?? '',
      date: o.contestDate ?? '',
      jurisdiction: o.contestJurisdiction ?? '',
      office: o.contestOffice ?? '',
    },
    jsonFormatVersion: '1',
    results,
    summary: {
      finalThreshold: results.at(-1)?.threshold ?? '0',
      numCandidates: order.length,
      numWinners: winners,
      totalNumBallots: String(ballots),
      undervotes,
    },
  });
  const counted = [...groups.values()];
  if (mode === 'singleWinnerMajority') {
    const { results, undervotes, ballots } = tabulateRctab(config, counted, order);
    return report(results, undervotes, ballots);
  }
  if (mode !== 'multiPassIrv') {
    const { results, undervotes, ballots } = tabulateRctabMulti(config, counted, order);
    return report(results, undervotes, ballots, Number(config.rules.numberOfWinners ?? 0));
  }
  // Sequential IRV (multiPassIrv): one instant-runoff count per seat, each
  // leaving out the winners of the counts before it; one report per seat.
  const reports: RctabReport[] = [];
  const winners: string[] = [];
  for (let seat = 0; seat < Number(config.rules.numberOfWinners ?? 1); seat++) {
    const candidates = config.candidates.map((c) =>
      winners.includes(c.name) ? { ...c, excluded: true } : c,
    );
    for (const w of winners)
      if (!candidates.some((c) => c.name === w)) candidates.push({ name: w, excluded: true });
    const { results, undervotes, ballots, winner } = tabulateRctab(
      { ...config, candidates },
      counted,
      order,
    );
    reports.push(report(results, undervotes, ballots));
    if (winner === '') break;
    winners.push(winner);
  }
  return reports;
}
