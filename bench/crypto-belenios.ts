/**
 * The belenios-tool side of `npm run bench:crypto`: the same election through
 * its command line, stage by stage, as its demo-nh.sh and demo.sh scripts run
 * one (/usr/share/doc/belenios-tool/examples): one process per command.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { belenios, beleniosDecryptAndResult, beleniosShuffles } from '../src/crypto/testing.ts';
import {
  CANDIDATES,
  type Kind,
  SEATS,
  SHUFFLES,
  type Timings,
  TRUSTEES,
  timed,
} from './crypto-grassroots.ts';

function template(kind: Kind) {
  const question =
    kind === 'stv'
      ? {
          type: 'NonHomomorphic',
          value: { answers: CANDIDATES, question: `Rank the candidates for ${SEATS} seats` },
        }
      : { answers: CANDIDATES, min: 0, max: 3, question: 'Choose up to 3 candidates' };
  return { description: 'Benchmark', name: 'Benchmark', questions: [question] };
}

export async function beleniosElection(
  dir: string,
  group: string,
  kind: Kind,
  votes: number[][][],
): Promise<{ timings: Timings; ok: boolean }> {
  const timings: Timings = {};
  const g = ['--group', group];
  const uuid = await timed(timings, 'setup', () => {
    const id = belenios(dir, ['setup', 'generate-token']).trim();
    belenios(dir, [
      'setup',
      'generate-credentials',
      '--uuid',
      id,
      ...g,
      '--count',
      String(votes.length),
    ]);
    for (const f of readdirSync(dir)) {
      if (f.endsWith('.pubcreds'))
        writeFileSync(join(dir, 'public_creds.json'), readFileSync(join(dir, f)));
      if (f.endsWith('.privcreds'))
        writeFileSync(join(dir, 'private_creds.txt'), readFileSync(join(dir, f)));
    }
    for (let t = 0; t < TRUSTEES; t++) belenios(dir, ['setup', 'generate-trustee-key', ...g]);
    const pubkeys = readdirSync(dir).filter((f) => f.endsWith('.pubkey'));
    writeFileSync(
      join(dir, 'public_keys.jsons'),
      pubkeys.map((f) => readFileSync(join(dir, f), 'utf8')).join(''),
    );
    belenios(dir, ['setup', 'make-trustees']);
    rmSync(join(dir, 'public_keys.jsons'));
    writeFileSync(join(dir, 'questions.json'), JSON.stringify(template(kind)));
    belenios(dir, ['setup', 'make-election', '--uuid', id, ...g, '--template', 'questions.json']);
    belenios(dir, ['archive', 'init']);
    for (const f of ['election.json', 'trustees.json', 'public_creds.json']) rmSync(join(dir, f));
    return id;
  });
  const creds = readFileSync(join(dir, 'private_creds.txt'), 'utf8').trim().split('\n');
  await timed(timings, 'ballots', () =>
    creds.forEach((line, i) => {
      writeFileSync(join(dir, 'cred'), line.split(' ')[1]!);
      writeFileSync(join(dir, 'vote'), JSON.stringify(votes[i]));
      const ballot = belenios(dir, [
        'election',
        'generate-ballot',
        '--privcred',
        'cred',
        '--ballot',
        'vote',
      ]);
      belenios(dir, ['archive', 'add-event', '--type=Ballot'], ballot);
    }),
  );
  // belenios-tool 2.0 has no command for one ballot: `election verify` checks them all.
  await timed(timings, 'server verification', () => belenios(dir, ['election', 'verify']));
  await timed(timings, 'tally/shuffles', () => {
    belenios(dir, ['archive', 'add-event', '--type=EndBallots']);
    belenios(
      dir,
      ['archive', 'add-event', '--type=EncryptedTally'],
      belenios(dir, ['election', 'compute-encrypted-tally']),
    );
    if (kind !== 'stv') return;
    beleniosShuffles(dir, SHUFFLES);
  });
  await timed(timings, 'decryption', () => {
    beleniosDecryptAndResult(dir);
  });
  let ok = true;
  await timed(timings, 'final verification', () => {
    try {
      belenios(dir, ['election', 'verify']);
    } catch {
      ok = false;
    }
  });
  return { timings, ok: ok && readdirSync(dir).includes(`${uuid}.bel`) };
}
