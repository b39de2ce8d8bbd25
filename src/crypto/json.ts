/**
 * Checked reading of untrusted JSON: every accessor names the check and the
 * path it was reading, so a refusal says where the input was wrong.
 */
import { CryptoError, excerpt } from './errors.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface Reader {
  /** The check name reported on failure (e.g. `ballot`). */
  check: string;
  /** Where in the input we are (e.g. `answers[1].choices[0]`). */
  path: string;
  /**
   * This exact text was verified before (same hash, e.g. by a verifying worker):
   * group elements are decoded without repeating the membership check.
   */
  verified?: boolean;
}

export function at(reader: Reader, step: string | number): Reader {
  const path =
    typeof step === 'number'
      ? `${reader.path}[${step}]`
      : reader.path
        ? `${reader.path}.${step}`
        : step;
  return reader.verified
    ? { check: reader.check, path, verified: true }
    : { check: reader.check, path };
}

export function fail(reader: Reader, message: string): never {
  throw new CryptoError(reader.check, `${reader.path || 'input'}: ${message}`);
}

export function parseJson(text: string, reader: Reader): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    return fail(reader, `not valid JSON (${(error as Error).message})`);
  }
}

export function object(value: Json | undefined, reader: Reader): JsonObject {
  // Tested before the message is built: excerpt() would serialise the whole object.
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new CryptoError(
      reader.check,
      `${reader.path || 'input'}: expected an object, got ${excerpt(value)}`,
    );
  return value;
}

export function array(value: Json | undefined, reader: Reader): Json[] {
  if (!Array.isArray(value)) fail(reader, `expected an array, got ${excerpt(value)}`);
  return value;
}

export function string(value: Json | undefined, reader: Reader): string {
  if (typeof value !== 'string') fail(reader, `expected a string, got ${excerpt(value)}`);
  return value;
}

export function integer(value: Json | undefined, reader: Reader): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    fail(reader, `expected an integer, got ${excerpt(value)}`);
  }
  return value;
}

export function field(obj: JsonObject, name: string, reader: Reader): Json {
  const value = obj[name];
  if (value === undefined) fail(at(reader, name), 'missing');
  return value;
}

/** A member of Z_q written in base 10 (spec 2.0 §4.2): canonical and below q. */
export function scalar(value: Json | undefined, q: bigint, reader: Reader): bigint {
  const text = string(value, reader);
  if (!/^(0|[1-9][0-9]*)$/.test(text))
    fail(reader, `expected a number in base 10, got ${excerpt(text)}`);
  const x = BigInt(text);
  if (x >= q) fail(reader, `${excerpt(text)} is not below the group order`);
  return x;
}
