/**
 * The archive's tar bytes against a header belenios-tool 2.0 wrote (the first
 * entry of an election archive it made, copied here field by field): the
 * reason tar.ts is hand-written is that these bytes must match.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CryptoError } from './errors.ts';
import { decodeTar, encodeTar, tarEntry, utf8 } from './tar.ts';

const content = '{"version":1,"timestamp":"1796323562"}';
const mtime = 1_796_323_562;

/** belenios-tool's header for that entry: a v7 header, nothing after the type flag. */
function beleniosHeader(): Uint8Array {
  const header = new Uint8Array(512);
  const fields: [number, string][] = [
    [0, 'BELENIOS'], // name
    [100, '0000644\0'], // mode
    [108, '0000000\0'], // uid
    [116, '0000000\0'], // gid
    [124, '00000000046\0'], // size: 38 bytes
    [136, '15304334352\0'], // mtime
    [148, '005712\0 '], // checksum
    [156, '0'], // type: a regular file; no "ustar" magic at 257
  ];
  for (const [offset, text] of fields) header.set(utf8.encode(text), offset);
  return header;
}

test("an entry's header is byte for byte the one belenios-tool writes", () => {
  const entry = tarEntry({ name: 'BELENIOS', content: utf8.encode(content) }, mtime);
  assert.equal(entry.length, 1024);
  assert.deepEqual(entry.subarray(0, 512), beleniosHeader());
  assert.equal(utf8.decode(entry.subarray(512, 550)), content);
  assert.ok(entry.subarray(550).every((b) => b === 0));
});

test('an archive has no end-of-archive blocks, so it grows by appending', () => {
  const entries = [
    { name: 'BELENIOS', content: utf8.encode(content) },
    { name: 'a', content: new Uint8Array(512).fill(7) },
    { name: 'empty', content: new Uint8Array(0) },
  ];
  const one = encodeTar(entries.slice(0, 1), mtime);
  const all = encodeTar(entries, mtime);
  assert.equal(all.length, 1024 + 1024 + 512);
  assert.deepEqual(all.subarray(0, one.length), one);
  assert.deepEqual(decodeTar(all), entries);
});

test('a header with a wrong checksum or a truncated entry is refused', () => {
  const entry = tarEntry({ name: 'BELENIOS', content: utf8.encode(content) }, mtime);
  const altered = entry.slice();
  altered[0] = 0x43; // 'C'
  assert.throws(
    () => decodeTar(altered),
    (e: unknown) => e instanceof CryptoError && /bad tar header checksum at byte 0/.test(e.message),
  );
  assert.throws(() => decodeTar(entry.subarray(0, 540)), /entry BELENIOS is truncated/);
});
