/**
 * The election structure of spec 2.0 §4.9–4.10. An election is kept together
 * with its exact serialisation: its fingerprint φ is the hash of those bytes,
 * so it is never re-serialised once published.
 */
import { readElement } from './formats.ts';
import type { AnyGroup } from './group.ts';
import { groupByName } from './groups.ts';
import { hashJson } from './hash.ts';
import {
  array,
  at,
  fail,
  field,
  integer,
  type Json,
  type JsonObject,
  object,
  parseJson,
  type Reader,
  string,
} from './json.ts';

/** A question whose answers are added up without decrypting any ballot (§4.9.1). */
export interface HomomorphicQuestion {
  type: 'homomorphic';
  question: string;
  answers: string[];
  /** Voters may leave the whole question blank. */
  blank: boolean;
  min: number;
  max: number;
}

/** A question whose answers are shuffled, then decrypted one by one (§4.9.2). */
export interface NonHomomorphicQuestion {
  type: 'non-homomorphic';
  question: string;
  answers: string[];
}

export type Question = HomomorphicQuestion | NonHomomorphicQuestion;

export interface Election {
  /** The exact JSON text, as published. */
  json: string;
  /** φ = H_JSON(json), spec 2.0 §4.15. */
  fingerprint: string;
  version: number;
  name: string;
  description: string;
  group: AnyGroup;
  publicKey: unknown;
  questions: Question[];
  uuid: string;
  administrator?: string;
  credentialAuthority?: string;
}

const UUID = /^[1-9A-HJ-NP-Za-km-z]{14,}$/;

function readQuestion(value: Json | undefined, reader: Reader): Question {
  const o = object(value, reader);
  if (o.type !== undefined) {
    if (o.type !== 'NonHomomorphic')
      fail(at(reader, 'type'), `unsupported question type ${String(o.type)}`);
    const v = object(field(o, 'value', reader), at(reader, 'value'));
    return {
      type: 'non-homomorphic',
      question: string(field(v, 'question', reader), at(reader, 'value.question')),
      answers: array(field(v, 'answers', reader), at(reader, 'value.answers')).map((a, i) =>
        string(a, at(reader, `value.answers[${i}]`)),
      ),
    };
  }
  const answers = array(field(o, 'answers', reader), at(reader, 'answers')).map((a, i) =>
    string(a, at(at(reader, 'answers'), i)),
  );
  const min = integer(field(o, 'min', reader), at(reader, 'min'));
  const max = integer(field(o, 'max', reader), at(reader, 'max'));
  if (o.blank !== undefined && typeof o.blank !== 'boolean')
    fail(at(reader, 'blank'), 'expected a boolean');
  if (!(min >= 0 && min <= max && max <= answers.length)) {
    fail(reader, `expected 0 ≤ min ≤ max ≤ ${answers.length}, got min ${min}, max ${max}`);
  }
  return {
    type: 'homomorphic',
    question: string(field(o, 'question', reader), at(reader, 'question')),
    answers,
    blank: o.blank === true,
    min,
    max,
  };
}

/** Parses and checks election.json; group elements are checked for membership. */
export function readElection(json: string): Election {
  const reader: Reader = { check: 'election', path: '' };
  const o = object(parseJson(json, reader), reader);
  const version = integer(field(o, 'version', reader), at(reader, 'version'));
  if (version !== 1) fail(at(reader, 'version'), `unsupported version ${version}; expected 1`);
  const group = groupByName(string(field(o, 'group', reader), at(reader, 'group')));
  const uuid = string(field(o, 'uuid', reader), at(reader, 'uuid'));
  if (!UUID.test(uuid))
    fail(at(reader, 'uuid'), `expected 14 or more Base58 characters, got ${uuid}`);
  const questions = array(field(o, 'questions', reader), at(reader, 'questions')).map((q, i) =>
    readQuestion(q, at(at(reader, 'questions'), i)),
  );
  if (questions.some((q) => q.type === 'non-homomorphic') && !group.embedding) {
    fail(at(reader, 'group'), `${group.name} cannot encode non-homomorphic answers`);
  }
  const election: Election = {
    json,
    fingerprint: hashJson(json),
    version,
    name: string(field(o, 'name', reader), at(reader, 'name')),
    description: string(field(o, 'description', reader), at(reader, 'description')),
    group,
    publicKey: readElement(group, field(o, 'public_key', reader), at(reader, 'public_key')),
    questions,
    uuid,
  };
  if (typeof o.administrator === 'string') election.administrator = o.administrator;
  if (typeof o.credential_authority === 'string')
    election.credentialAuthority = o.credential_authority;
  return election;
}

export interface ElectionTemplate {
  name: string;
  description: string;
  questions: Question[];
  administrator?: string;
  credentialAuthority?: string;
}

function writeQuestion(q: Question): JsonObject {
  if (q.type === 'non-homomorphic') {
    return { type: 'NonHomomorphic', value: { answers: q.answers, question: q.question } };
  }
  // Field order of belenios-tool: answers, blank (only when true), min, max, question.
  return q.blank
    ? { answers: q.answers, blank: true, min: q.min, max: q.max, question: q.question }
    : { answers: q.answers, min: q.min, max: q.max, question: q.question };
}

/** Serialises a new election in the field order belenios-tool writes (spec 2.0 §4.10). */
export function makeElection(
  template: ElectionTemplate,
  group: AnyGroup,
  publicKey: unknown,
  uuid: string,
): Election {
  const o: JsonObject = {
    version: 1,
    description: template.description,
    name: template.name,
    group: group.name,
    public_key: group.toString(publicKey),
    questions: template.questions.map(writeQuestion),
    uuid,
  };
  if (template.administrator !== undefined) o.administrator = template.administrator;
  if (template.credentialAuthority !== undefined)
    o.credential_authority = template.credentialAuthority;
  return readElection(JSON.stringify(o));
}
