/**
 * The list L of public credentials (spec 2.0 §4.8): each "credential" or
 * "credential,weight". Credentials must be group elements and distinct.
 */
import type { AnyGroup } from './group.ts';
import { array, at, fail, parseJson, type Reader, string } from './json.ts';

/** Public credentials in canonical form, mapped to their weights. */
export function readPublicCredentials(group: AnyGroup, json: string): Map<string, bigint> {
  const reader: Reader = { check: 'credentials', path: '' };
  const out = new Map<string, bigint>();
  array(parseJson(json, reader), reader).forEach((item, i) => {
    const r = at(reader, i);
    const [cred = '', weight, ...rest] = string(item, r).split(',');
    if (rest.length > 0) fail(r, 'expected "credential" or "credential,weight"');
    const element = group.parse(cred, `credentials: [${i}]`);
    const key = group.toString(element);
    if (out.has(key)) fail(r, 'the same public credential appears twice');
    if (weight !== undefined && !/^[1-9][0-9]*$/.test(weight)) fail(r, `bad weight ${weight}`);
    out.set(key, weight === undefined ? 1n : BigInt(weight));
  });
  return out;
}

export function writePublicCredentials(group: AnyGroup, credentials: readonly unknown[]): string {
  return JSON.stringify(credentials.map((c) => group.toString(c)));
}
