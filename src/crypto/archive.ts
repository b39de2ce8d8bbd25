/**
 * The append-only election archive `UUID.bel` (spec 2.0 §4.4): a BELENIOS
 * header, then data and events named by the SHA-256 of their contents, each
 * event pointing at its parent, so the whole record is one hash chain.
 */
import { CryptoError } from './errors.ts';
import { sha256Hex } from './hash.ts';
import { object, parseJson } from './json.ts';
import { decodeTar, encodeTar, type TarEntry, utf8 } from './tar.ts';

export const EVENT_TYPES = [
  'Setup',
  'Ballot',
  'EndBallots',
  'EncryptedTally',
  'Shuffle',
  'EndShuffles',
  'PartialDecryption',
  'Result',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface ArchiveEvent {
  hash: string;
  parent?: string;
  height: number;
  type: EventType;
  payload?: string;
}

/** An archive being written: data and events in order, hashes computed as added. */
export class ArchiveWriter {
  readonly entries: TarEntry[] = [];
  private last?: string;
  private height = -1;

  constructor(readonly timestamp: number) {
    this.entries.push({
      name: 'BELENIOS',
      content: utf8.encode(JSON.stringify({ version: 1, timestamp: String(timestamp) })),
    });
  }

  /** Adds a data file; returns its hash, by which events and other data refer to it. */
  addData(json: string): string {
    const hash = sha256Hex(json);
    this.entries.push({ name: `${hash}.data.json`, content: utf8.encode(json) });
    return hash;
  }

  addEvent(type: EventType, payload?: string): string {
    this.height++;
    const event: Record<string, unknown> = {};
    if (this.last) event.parent = this.last;
    event.height = this.height;
    event.type = type;
    if (payload) event.payload = payload;
    const json = JSON.stringify(event);
    this.last = sha256Hex(json);
    this.entries.push({ name: `${this.last}.event.json`, content: utf8.encode(json) });
    return this.last;
  }

  bytes(): Uint8Array {
    return encodeTar(this.entries, this.timestamp);
  }
}

export interface Archive {
  /** Data files by hash, as text. */
  data: Map<string, string>;
  /** Events in archive order. */
  events: ArchiveEvent[];
}

/**
 * Reads an archive and checks its format: the header first, every name the
 * hash of its contents, events chained by parent and height (§3.5.1).
 */
export function readArchive(bytes: Uint8Array): Archive {
  const entries = decodeTar(bytes);
  const first = entries[0];
  if (first?.name !== 'BELENIOS')
    throw new CryptoError('archive format', 'the first entry is not BELENIOS');
  const header = object(
    parseJson(utf8.decode(first.content), { check: 'archive format', path: 'BELENIOS' }),
    {
      check: 'archive format',
      path: 'BELENIOS',
    },
  );
  if (header.version !== 1)
    throw new CryptoError(
      'archive format',
      `unsupported archive version ${String(header.version)}`,
    );
  const data = new Map<string, string>();
  const events: ArchiveEvent[] = [];
  for (const entry of entries.slice(1)) {
    const match = /^([0-9a-f]{64})\.(data|event)\.json$/.exec(entry.name);
    if (!match) throw new CryptoError('archive format', `unexpected entry ${entry.name}`);
    const text = utf8.decode(entry.content);
    if (sha256Hex(entry.content) !== match[1]) {
      throw new CryptoError(
        'archive format',
        `${entry.name} is not named by the hash of its contents`,
      );
    }
    if (match[2] === 'data') {
      data.set(match[1]!, text);
      continue;
    }
    const reader = { check: 'event chain', path: entry.name };
    const o = object(parseJson(text, reader), reader);
    const type = o.type as EventType;
    if (!EVENT_TYPES.includes(type))
      throw new CryptoError('event chain', `${entry.name}: unknown type ${String(o.type)}`);
    const event: ArchiveEvent = { hash: match[1]!, height: Number(o.height), type };
    if (typeof o.parent === 'string') event.parent = o.parent;
    if (typeof o.payload === 'string') event.payload = o.payload;
    const previous = events.at(-1);
    if (event.height !== events.length || event.parent !== previous?.hash) {
      throw new CryptoError(
        'event chain',
        `${entry.name} (${type}) has height ${o.height} and parent ${String(o.parent)}; expected ${events.length} and ${previous?.hash}`,
      );
    }
    if (event.payload && !data.has(event.payload)) {
      throw new CryptoError(
        'event chain',
        `${type} event at height ${event.height} refers to missing data ${event.payload}`,
      );
    }
    events.push(event);
  }
  return { data, events };
}
