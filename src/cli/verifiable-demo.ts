import { parseArgs } from 'node:util';
import { writeElectionDirectory } from '../crypto/archive-io.ts';
import { approvalTemplate, randomApproval, runDemo } from '../crypto/demo.ts';
import { CryptoError } from '../crypto/errors.ts';
import { GROUP_NAMES, groupByName } from '../crypto/groups.ts';
import { seededRandom, systemRandom } from '../crypto/random.ts';
import { type Command, UsageError } from './command.ts';
import { say } from './say.ts';

const CANDIDATES = ['Ada', 'Bea', 'Cai', 'Dev', 'Eli', 'Fay', 'Gus', 'Hal', 'Ivy', 'Jo'];

/**
 * `grassroots verifiable-demo --kind approval --voters N --out DIR`: a whole
 * verifiable election without the web server, written where
 * `belenios-tool election verify --dir DIR` and `grassroots verify DIR` read it.
 */
export const verifiableDemo: Command = {
  name: 'verifiable-demo',
  summary: 'run a whole verifiable (Belenios) election and write its archive',
  help: `Usage: grassroots verifiable-demo --kind approval --voters N --out DIR [options]

Runs a whole election without the web server: setup, credentials, trustees,
N random ballots, homomorphic tally, partial decryptions and result. Writes
DIR/UUID.bel (the public record), DIR/private_creds.txt and DIR/trustee-K.privkey.

Options:
  --kind approval     choose up to 3 of 10 candidates (stv is not available yet)
  --voters N          number of voters (1 to 100000)
  --out DIR           an empty or new directory
  --group NAME        ${GROUP_NAMES.join(', ')} (default BELENIOS-2048)
  --trustees K        number of trustees (default 3)
  --seed S            reproducible randomness, for demonstrations only (never for a real election)
`,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        kind: { type: 'string' },
        voters: { type: 'string' },
        out: { type: 'string' },
        group: { type: 'string', default: 'BELENIOS-2048' },
        trustees: { type: 'string', default: '3' },
        seed: { type: 'string' },
      },
    });
    if (positionals.length > 0)
      throw new UsageError(`verifiable-demo: unexpected argument ${positionals[0]}`);
    if (values.kind !== 'approval') {
      throw new UsageError(
        values.kind === 'stv'
          ? 'verifiable-demo: --kind stv (mixnet) is not implemented yet; use --kind approval'
          : 'verifiable-demo: --kind must be approval',
      );
    }
    const voters = count(values.voters, '--voters', 100000);
    const trustees = count(values.trustees, '--trustees', 20);
    if (!values.out) throw new UsageError('verifiable-demo: --out DIR is required');
    let group: ReturnType<typeof groupByName>;
    try {
      group = groupByName(values.group);
    } catch {
      throw new UsageError(`verifiable-demo: --group must be one of ${GROUP_NAMES.join(', ')}`);
    }
    const started = Date.now();
    const demo = runDemo({
      group,
      voters,
      trustees,
      template: approvalTemplate(CANDIDATES, 3),
      vote: randomApproval,
      random: values.seed === undefined ? systemRandom : seededRandom(values.seed),
      timestamp: values.seed === undefined ? Math.floor(Date.now() / 1000) : 1700000000,
    });
    const files: Record<string, string | Uint8Array> = {
      [`${demo.uuid}.bel`]: demo.archive,
      'private_creds.txt': demo.privateCredentials.map((c, i) => `${i + 1} ${c}\n`).join(''),
    };
    demo.trusteePrivateKeys.forEach((k, i) => {
      files[`trustee-${i + 1}.privkey`] = `${JSON.stringify(k.toString())}\n`;
    });
    try {
      writeElectionDirectory(values.out, files);
    } catch (error) {
      if (error instanceof CryptoError)
        throw new UsageError(`verifiable-demo: ${error.message.replace(/^output: /, '')}`);
      throw error;
    }
    say(
      `Election ${demo.uuid} (${group.name}, ${voters} voters, ${trustees} trustees) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    process.stdout.write(
      `${values.out}/${demo.uuid}.bel\nresult: ${JSON.stringify(demo.result)}\n`,
    );
    return 0;
  },
};

function count(text: string | undefined, option: string, max: number): number {
  if (text === undefined) throw new UsageError(`verifiable-demo: ${option} N is required`);
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new UsageError(
      `verifiable-demo: ${option} must be a whole number from 1 to ${max}, got ${text}`,
    );
  }
  return n;
}
