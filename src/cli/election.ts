import { parseArgs } from 'node:util';
import { writeCsv } from '../core/csv.ts';
import { writeBlt } from '../count/formats/blt-writer.ts';
import { toText } from '../count/output/text.ts';
import {
  ballotCounts,
  ballotForCount,
  countReport,
  type ElectionResult,
} from '../db/ballots/index.ts';
import { type Database, openDatabase } from '../db/core/database.ts';
import { migrate } from '../db/core/migrate.ts';
import { count, findElection, listElections } from '../db/elections/index.ts';
import { stageNames } from '../org/elections/index.ts';
import { databaseLocation } from '../server/config.ts';
import { type Command, UsageError } from './command.ts';

const usage = `Usage: grassroots election list [--format text|json]
       grassroots election show ID [--format text|json]
       grassroots election export ID --format blt|csv|json
       grassroots election count ID [--format text|json]

For returning officers and scrutineers, on the same database as \`npm start\`
(DATABASE_URL, else the embedded database in GRASSROOTS_DATA).

  list     every election with its stage and roll size
  show     one election: stage, roll size, ballots returned and, once counted,
           the result in the JSON shape of \`grassroots count --format json\`
  export   the anonymised ballots of a closed election, to recount with
           \`grassroots count\` or any other counter (blt), or as CSV/JSON rankings
  count    count a closed election and record the result (as the Count button does)`;

export const election: Command = {
  name: 'election',
  summary: 'list, show, export and count elections',
  help: usage,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      options: { format: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    const [action, idText, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected '${extra[0]}'; see --help`);
    const format = values.format ?? (action === 'export' ? undefined : 'text');
    const allowed = action === 'export' ? ['blt', 'csv', 'json'] : ['text', 'json'];
    if (!action || !['list', 'show', 'export', 'count'].includes(action)) {
      throw new UsageError(
        `expected list, show, export or count${action ? `, not '${action}'` : ''}; see --help`,
      );
    }
    if (format === undefined) throw new UsageError('export needs --format blt, csv or json');
    if (!allowed.includes(format))
      throw new UsageError(`--format for ${action} is ${allowed.join(', ')}, not '${format}'`);
    let id = 0;
    if (action !== 'list') {
      id = Number(idText);
      if (!idText || !Number.isSafeInteger(id))
        throw new UsageError(
          `${action} needs an election id (a number), as in \`grassroots election ${action} 1\``,
        );
    }
    const database = await openDatabase(databaseLocation());
    try {
      await migrate(database.db);
      return await electionAction(database, action, id, format);
    } finally {
      await database.close();
    }
  },
};

/** Writes a line (or text ending in one) to standard output. */
type Out = (text: string) => void;
const stdout: Out = (text) => {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
};

/**
 * What `election ACTION [ID] --format FORMAT` prints, on an open database:
 * the command itself, and tests that compare its output with earlier versions'.
 */
export async function electionAction(
  database: Database,
  action: string,
  id: number,
  format: string,
  out: Out = stdout,
): Promise<number> {
  return action === 'list'
    ? list(database, format, out)
    : perElection(database, action, id, format, out);
}

async function list(database: Database, format: string, out: Out) {
  const rows = await listElections(database.db);
  if (format === 'json') {
    out(
      JSON.stringify(
        rows.map((e) => ({
          id: e.id,
          title: e.title,
          stage: e.stage,
          seats: e.seats,
          method: e.method,
          roll: e.roll_size,
        })),
        null,
        2,
      ),
    );
  } else {
    for (const e of rows)
      out(
        `${String(e.id).padStart(4)}  ${stageNames[e.stage].padEnd(21)} ${e.title} (${e.seats} seats, ${e.method}, roll ${e.roll_size ?? 'not frozen'})`,
      );
  }
  return 0;
}

async function perElection(
  database: Database,
  action: string,
  id: number,
  format: string,
  out: Out,
) {
  const election = await findElection(database.db, id);
  if (!election)
    throw new UsageError(`there is no election ${id}; \`grassroots election list\` shows them`);
  if (action === 'show') {
    const counts = await ballotCounts(database.db, election.ballot_id);
    const result = election.result as ElectionResult | null;
    if (format === 'json') {
      out(
        JSON.stringify(
          {
            id,
            title: election.title,
            stage: election.stage,
            seats: election.seats,
            method: election.method,
            ballotBox: election.ballot_box,
            roll: election.roll_size,
            ballots: counts,
            result: result?.count ?? null,
          },
          null,
          2,
        ),
      );
    } else {
      out(
        `${election.title}\nStage: ${stageNames[election.stage]}\nRoll: ${election.roll_size ?? 'not frozen'}\nBallots returned: ${counts.returned} (${counts.online} online, ${counts.postal} by post)`,
      );
      if (election.ballot_box === 'verifiable')
        out(
          `Ballot box: verifiable (Belenios, ${election.crypto_group}); its record is at /elections/${id}/archive.bel once decrypted`,
        );
      if (result) out(`Result: ${result.summary}`);
    }
    return 0;
  }
  if (!['closed', 'declared'].includes(election.stage)) {
    throw new UsageError(
      `election ${id} is at the stage “${stageNames[election.stage]}”; ballots are exported and counted once voting has closed`,
    );
  }
  if (action === 'export') {
    const ballots = await ballotForCount(database.db, election.ballot_id);
    if (format === 'blt') out(writeBlt(ballots));
    else if (format === 'json') {
      out(
        JSON.stringify(
          {
            title: ballots.title,
            seats: ballots.seats,
            candidates: ballots.candidates,
            ballots: ballots.ballots.map((b) => ({
              weight: Number(b.weight.toString()),
              ranking: b.ranking.map((rank) => rank.map((c) => ballots.candidates[c]!.name)),
            })),
          },
          null,
          2,
        ),
      );
    } else {
      // The CSV that \`grassroots count\` reads: weight, then a cell per preference.
      const depth = Math.max(1, ...ballots.ballots.map((b) => b.ranking.length));
      const cells = (b: (typeof ballots.ballots)[number]) =>
        Array.from({ length: depth }, (_, i) =>
          (b.ranking[i] ?? []).map((c) => ballots.candidates[c]!.name).join('='),
        );
      out(
        writeCsv(
          [
            ['weight', ...Array.from({ length: depth }, (_, i) => String(i + 1))],
            ...ballots.ballots.map((b) => [b.weight.toString(), ...cells(b)]),
          ],
          { lineEnd: '\n' },
        ),
      );
    }
    return 0;
  }
  const result = await count(database.db, id, null);
  if (format === 'json') out(JSON.stringify(result.count, null, 2));
  else
    out(
      `${toText(await countReport(database.db, election.ballot_id, result.count.seed))}\n${result.summary}`,
    );
  return 0;
}
