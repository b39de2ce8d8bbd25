import type { Command } from './command.ts';
import { demo } from './demo.ts';
import { migrate } from './migrate.ts';
import { serve } from './serve.ts';

/** Every subcommand of `bin/grassroots`, in the order `--help` lists them. */
export const commands: Command[] = [serve, migrate, demo];
