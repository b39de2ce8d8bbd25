import { parseArgs } from 'node:util';
import { openDatabase } from '../db/core/database.ts';
import { migrate } from '../db/core/migrate.ts';
import { seedDemo, seedDemoHistory } from '../db/demo/index.ts';
import { demoAccounts, generateDemo } from '../org/demo/index.ts';
import { databaseLocation } from '../server/config.ts';
import { demoSeed } from '../server/start.ts';
import { type Command, UsageError } from './command.ts';
import { say } from './say.ts';

export const demo: Command = {
  name: 'demo',
  summary: 'replace the database contents with the demo organisation',
  help: `Usage: grassroots demo [--seed N] [--date YYYY-MM-DD] [--members N] [--no-history] --yes

Deletes everything in the database and creates the demo organisation: a party of
3 regions, 30 branches, 4 affiliated organisations and 3,600 members, with a
national executive by-election of 3 seats taking nominations, and two past
elections, closed and declared: one by block vote with two slates, one by STV
with a minimum number of women. The same seed and
date always give the same organisation.

Options:
  --seed N          seed of the generator (default ${demoSeed})
  --date YYYY-MM-DD the day the demo is set on (default today)
  --members N       how many members to invent (default 3600, at least ${demoAccounts.length})
  --no-history      leave out the two past, declared elections (faster)
  --yes             confirm that the current data may be deleted`,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        seed: { type: 'string' },
        date: { type: 'string' },
        members: { type: 'string' },
        yes: { type: 'boolean' },
        'no-history': { type: 'boolean' },
      },
      strict: true,
    });
    const seed = values.seed === undefined ? demoSeed : Number(values.seed);
    if (!Number.isSafeInteger(seed))
      throw new UsageError(`--seed must be a whole number, not '${values.seed}'`);
    const today = values.date ?? new Date().toISOString().slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(Date.parse(today))) {
      throw new UsageError(`--date must be a date as YYYY-MM-DD, not '${today}'`);
    }
    const members = values.members === undefined ? undefined : Number(values.members);
    if (
      members !== undefined &&
      (!Number.isSafeInteger(members) || members < demoAccounts.length)
    ) {
      throw new UsageError(
        `--members must be a whole number of at least ${demoAccounts.length}, not '${values.members}'`,
      );
    }
    if (!values.yes) {
      throw new UsageError(
        'this deletes all data in the database; run again with --yes to confirm',
      );
    }
    const database = await openDatabase(databaseLocation());
    try {
      await migrate(database.db);
      const organisation = generateDemo({
        seed,
        today,
        ...(members === undefined ? {} : { members }),
      });
      await seedDemo(database.db, organisation);
      if (!values['no-history']) await seedDemoHistory(database.db, organisation, today, seed);
      say(
        `Created ${organisation.name}: ${organisation.branches.length} branches, ${organisation.members.length} members ` +
          `(seed ${seed}, date ${today}). Sign in as ${demoAccounts[0].email}.`,
      );
      return 0;
    } finally {
      await database.close();
    }
  },
};
