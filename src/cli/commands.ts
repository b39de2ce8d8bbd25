import type { Command } from './command.ts';

/**
 * Every subcommand of `bin/grassroots`, in the order `--help` lists them. Each
 * is loaded only when it runs: `grassroots count` must not wait for the web
 * server's or the database's modules to load.
 */
export const commands: { name: string; load: () => Promise<Command> }[] = [
  { name: 'serve', load: async () => (await import('./serve.ts')).serve },
  { name: 'migrate', load: async () => (await import('./migrate.ts')).migrate },
  { name: 'demo', load: async () => (await import('./demo.ts')).demo },
  { name: 'election', load: async () => (await import('./election.ts')).election },
  { name: 'count', load: async () => (await import('./count.ts')).count },
  {
    name: 'verifiable-demo',
    load: async () => (await import('./verifiable-demo.ts')).verifiableDemo,
  },
  { name: 'verify', load: async () => (await import('./verify.ts')).verify },
];
