import { parseArgs } from 'node:util';
import { openDatabase, safeLocation } from '../db/core/database.ts';
import { appliedMigrations, migrate as applyMigrations } from '../db/core/migrate.ts';
import { databaseLocation } from '../server/config.ts';
import type { Command } from './command.ts';
import { say } from './say.ts';

export const migrate: Command = {
  name: 'migrate',
  summary: 'apply pending database migrations and exit',
  help: `Usage: grassroots migrate

Applies each migration the database has not had, each in its own transaction,
and lists what was applied. \`grassroots serve\` does the same on start.
Uses DATABASE_URL, else the embedded database in GRASSROOTS_DATA (default ./data).`,
  async run(args) {
    parseArgs({ args, options: {}, strict: true });
    const location = databaseLocation();
    const database = await openDatabase(location);
    try {
      const applied = await applyMigrations(database.db);
      const all = await appliedMigrations(database.db);
      const where = location.kind === 'postgres' ? safeLocation(location.url) : location.dataDir;
      say(
        applied.length > 0
          ? `Applied ${applied.length} migration(s) to ${where}: ${applied.join(', ')}`
          : `${where} is up to date (${all.length} migrations, latest ${all.at(-1)})`,
      );
      return 0;
    } finally {
      await database.close();
    }
  },
};
