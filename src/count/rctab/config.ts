/**
 * An RCTab contest configuration (RCTab's config_file_documentation.txt): the
 * fields the engine reads. Values are kept as RCTab writes them (numbers as
 * strings); `readRctabConfig` checks what it uses.
 */
export interface RctabSource {
  readonly provider: string;
  readonly filePath: string;
  readonly contestId?: string;
  readonly firstVoteColumnIndex?: string | number;
  readonly firstVoteRowIndex?: string | number;
  readonly overvoteDelimiter?: string;
  readonly overvoteLabel?: string;
  readonly skippedRankLabel?: string;
  readonly undervoteLabel?: string;
  readonly undeclaredWriteInLabel?: string;
  readonly treatBlankAsUndeclaredWriteIn?: boolean;
}

export interface RctabRules {
  readonly tiebreakMode: string;
  readonly overvoteRule:
    | 'alwaysSkipToNextRank'
    | 'exhaustImmediately'
    | 'exhaustIfMultipleContinuing';
  readonly winnerElectionMode: string;
  readonly randomSeed?: string | number;
  readonly numberOfWinners?: string | number;
  readonly decimalPlacesForVoteArithmetic?: string | number;
  readonly minimumVoteThreshold?: string | number;
  readonly maxSkippedRanksAllowed: string | number;
  readonly maxRankingsAllowed: string | number;
  readonly doesFirstRoundDetermineThreshold?: boolean;
  readonly batchElimination?: boolean;
  readonly continueUntilTwoCandidatesRemain?: boolean;
  readonly stopTabulationEarlyAfterRound?: string | number;
  readonly exhaustOnDuplicateCandidate?: boolean;
}

export interface RctabConfig {
  readonly outputSettings?: {
    contestName?: string;
    contestDate?: string;
    contestJurisdiction?: string;
    contestOffice?: string;
  };
  readonly cvrFileSources: readonly RctabSource[];
  readonly candidates: readonly {
    readonly name: string;
    readonly aliases?: readonly string[];
    readonly excluded?: boolean;
  }[];
  readonly rules: RctabRules;
}

/** Parses and checks a config file's text; problems name the field. */
export function readRctabConfig(text: string): RctabConfig {
  const config = JSON.parse(text) as RctabConfig;
  if (!Array.isArray(config.cvrFileSources)) throw new Error('cvrFileSources must be a list');
  if (!config.rules || typeof config.rules !== 'object') throw new Error('rules is missing');
  return { ...config, candidates: config.candidates ?? [] };
}
