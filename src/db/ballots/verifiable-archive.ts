import { ArchiveWriter } from '../../crypto/archive.ts';
import { ranked, type TallyState } from './tally-state.ts';
import type { Db } from './verifiable-election.ts';

/**
 * The Belenios archive (.bel, spec 2.0 §4.4): the election's whole public
 * record in one file, which `bin/grassroots verify` and `belenios-tool
 * election verify` check.
 */

/** An archive holding the election's Setup event (spec 2.0 §4.4): what a voting tool reads. */
export function archiveFromSetup(setup: {
  archive_timestamp: number;
  election_json: string;
  trustees_json: string;
  credentials_json: string;
}): ArchiveWriter {
  const archive = new ArchiveWriter(setup.archive_timestamp);
  const hashes = {
    election: archive.addData(setup.election_json),
    trustees: archive.addData(setup.trustees_json),
    credentials: archive.addData(setup.credentials_json),
  };
  archive.addEvent('Setup', archive.addData(JSON.stringify(hashes)));
  return archive;
}

/**
 * The Belenios archive (spec 2.0 §4.4), in the order belenios-tool writes it:
 * Setup, every ballot as cast, EndBallots, the encrypted tally, shuffles,
 * partial decryptions, Result.
 */
export async function writeArchive(
  db: Db,
  state: TallyState,
  decryptions: readonly { position: number; payload: string }[],
  resultJson: string,
): Promise<Uint8Array> {
  const { setup, election } = state;
  const electionId = setup.election_id;
  const archive = archiveFromSetup(setup);
  const ballots = await db
    .selectFrom('verifiable_ballots')
    .select('ballot_json')
    .where('election_id', '=', electionId)
    .orderBy('id')
    .execute();
  for (const b of ballots) archive.addEvent('Ballot', archive.addData(b.ballot_json));
  archive.addEvent('EndBallots');
  const tallyHash = archive.addData(setup.encrypted_tally!);
  const tallied = setup.tallied ?? 0;
  archive.addEvent(
    'EncryptedTally',
    archive.addData(
      JSON.stringify({ num_tallied: tallied, total_weight: tallied, encrypted_tally: tallyHash }),
    ),
  );
  if (ranked(election)) {
    for (const s of state.shuffles) {
      const payload = archive.addData(s.payload);
      archive.addEvent('Shuffle', archive.addData(JSON.stringify({ owner: s.position, payload })));
    }
    archive.addEvent('EndShuffles');
  }
  for (const d of decryptions) {
    const payload = archive.addData(d.payload);
    archive.addEvent(
      'PartialDecryption',
      archive.addData(JSON.stringify({ owner: d.position, payload })),
    );
  }
  archive.addEvent('Result', archive.addData(resultJson));
  return archive.bytes();
}

/** The archive, once the tally is decrypted. */
export async function verifiableArchive(db: Db, electionId: number) {
  const row = await db
    .selectFrom('verifiable_setups')
    .select(['uuid', 'archive'])
    .where('election_id', '=', electionId)
    .executeTakeFirst();
  return row?.archive ? { uuid: row.uuid, bytes: row.archive } : undefined;
}
