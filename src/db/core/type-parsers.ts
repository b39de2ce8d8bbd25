/**
 * The one place where the two drivers' differences are normalised.
 *
 * node-postgres and PGlite both receive PostgreSQL's text representation of each
 * column; left to their defaults they disagree (int8: string vs number, bytea:
 * Buffer vs Uint8Array, date: a local-midnight Date vs a UTC Date). Both drivers
 * are given these parsers so the application sees one set of JavaScript types:
 *
 * | PostgreSQL   | JavaScript                                          |
 * |--------------|-----------------------------------------------------|
 * | int2/4/8     | number (int8 beyond 2^53 throws rather than rounds) |
 * | numeric      | string (exact; arithmetic belongs to the caller)    |
 * | bytea        | Uint8Array (never Buffer)                           |
 * | date         | string 'YYYY-MM-DD' (a calendar day, no time zone)  |
 * | timestamptz  | Date                                                |
 * | json/jsonb   | parsed value                                        |
 */

export const OID = {
  bool: 16,
  bytea: 17,
  int8: 20,
  int2: 21,
  int4: 23,
  json: 114,
  float4: 700,
  float8: 701,
  date: 1082,
  timestamp: 1114,
  timestamptz: 1184,
  numeric: 1700,
  jsonb: 3802,
} as const;

function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`int8 value ${text} is beyond JavaScript's safe integers`);
  }
  return value;
}

/** bytea arrives in hex format: `\x` followed by two hex digits a byte. */
function parseBytea(text: string): Uint8Array {
  if (!text.startsWith('\\x')) throw new Error('bytea is not in hex output format');
  return new Uint8Array(Buffer.from(text.slice(2), 'hex'));
}

/** timestamptz text is ISO-like ('2026-11-29 03:18:20.123+00'); Date parses it once the space is a T. */
function parseTimestamptz(text: string): Date {
  if (text === 'infinity' || text === '-infinity') {
    return new Date(text === 'infinity' ? 8.64e15 : -8.64e15);
  }
  const iso = text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
  return new Date(iso);
}

const identity = (text: string) => text;

/** Parsers by type oid, given to both drivers. */
export const parsers: Record<number, (text: string) => unknown> = {
  [OID.bool]: (text) => text === 't',
  [OID.bytea]: parseBytea,
  [OID.int8]: parseInt8,
  [OID.int2]: Number,
  [OID.int4]: Number,
  [OID.float4]: Number,
  [OID.float8]: Number,
  [OID.numeric]: identity,
  [OID.date]: identity,
  [OID.timestamp]: identity,
  [OID.timestamptz]: parseTimestamptz,
  [OID.json]: (text) => JSON.parse(text),
  [OID.jsonb]: (text) => JSON.parse(text),
};
