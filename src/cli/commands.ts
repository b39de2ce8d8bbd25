import type { Command } from './command.ts';
import { count } from './count.ts';
import { demo } from './demo.ts';
import { election } from './election.ts';
import { migrate } from './migrate.ts';
import { serve } from './serve.ts';
import { verifiableDemo } from './verifiable-demo.ts';
import { verify } from './verify.ts';

/** Every subcommand of `bin/grassroots`, in the order `--help` lists them. */
export const commands: Command[] = [serve, migrate, demo, election, count, verifiableDemo, verify];
