/**
 * Runs the `count` command alone, without loading the other subcommands of
 * `bin/grassroots` (web server, database, cryptography), whose modules now
 * take longer to load than the count itself. `bench:count` times both.
 *
 *   node --import tsx bench/count-command.ts FILE --method METHOD ...
 */
import { count } from '../src/cli/count.ts';

process.exitCode = await count.run(process.argv.slice(2));
