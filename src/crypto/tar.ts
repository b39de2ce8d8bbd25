/**
 * The old-style tar format of Belenios archives (spec 2.0 §4.4): 512-byte
 * headers, contents padded to 512 bytes, and no end-of-archive blocks, so
 * that an archive grows by appending.
 *
 * Hand-written, not a tar library, because the bytes are fixed by what
 * belenios-tool writes: a pre-POSIX (v7) header with no "ustar" magic, owner
 * and group 0 without names, mode 0644, and no two zero blocks at the end.
 * Libraries such as tar-stream and node-tar write ustar (or pax) headers and
 * close the archive, which would change the bytes of every archive we publish
 * and stop it growing by appending; node-tar also works on Node's streams and
 * files, and this file runs in the browser's verifier too. It is under a
 * hundred lines; tar.test.ts holds it to a header belenios-tool wrote.
 */
import { CryptoError } from './errors.ts';

export interface TarEntry {
  name: string;
  content: Uint8Array;
}

const BLOCK = 512;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

/** One entry as belenios-tool writes it: mode 0644, owner 0, the given time. */
export function tarEntry(entry: TarEntry, mtime: number): Uint8Array {
  const header = new Uint8Array(BLOCK);
  const put = (text: string, offset: number) => header.set(encoder.encode(text), offset);
  if (encoder.encode(entry.name).length > 99)
    throw new CryptoError('tar', `name too long: ${entry.name}`);
  put(entry.name, 0);
  put(octal(0o644, 8), 100);
  put(octal(0, 8), 108);
  put(octal(0, 8), 116);
  put(octal(entry.content.length, 12), 124);
  put(octal(mtime, 12), 136);
  put('        ', 148);
  put('0', 156);
  let sum = 0;
  for (const byte of header) sum += byte;
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  const padded = Math.ceil(entry.content.length / BLOCK) * BLOCK;
  const out = new Uint8Array(BLOCK + padded);
  out.set(header);
  out.set(entry.content, BLOCK);
  return out;
}

export function encodeTar(entries: TarEntry[], mtime: number): Uint8Array {
  const parts = entries.map((e) => tarEntry(e, mtime));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Reads every entry; stops at the end of the bytes or at an all-zero block. */
export function decodeTar(bytes: Uint8Array): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  while (offset + BLOCK <= bytes.length) {
    const header = bytes.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : header[i]!;
    const field = (start: number, length: number) =>
      decoder
        .decode(header.subarray(start, start + length))
        .replace(/\0.*$/s, '')
        .trim();
    const stored = Number.parseInt(field(148, 8), 8);
    if (stored !== sum)
      throw new CryptoError('archive format', `bad tar header checksum at byte ${offset}`);
    const name = field(0, 100);
    const size = Number.parseInt(field(124, 12), 8);
    if (!Number.isSafeInteger(size) || offset + BLOCK + size > bytes.length) {
      throw new CryptoError('archive format', `entry ${name} is truncated`);
    }
    entries.push({ name, content: bytes.slice(offset + BLOCK, offset + BLOCK + size) });
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return entries;
}

export const utf8 = {
  encode: (text: string) => encoder.encode(text),
  decode: (bytes: Uint8Array) => decoder.decode(bytes),
};
