import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EnvironmentError } from '../core/errors.ts';
import { Refusal } from '../core/refusal.ts';
import { UsageError } from './command.ts';
import { reportError } from './main.ts';

/** What reportError writes to stderr, and the exit code it gives. */
function report(error: unknown): { code: number; stderr: string } {
  let stderr = '';
  const write = process.stderr.write;
  process.stderr.write = ((text: string) => {
    stderr += text;
    return true;
  }) as typeof process.stderr.write;
  try {
    return { code: reportError(error), stderr };
  } finally {
    process.stderr.write = write;
  }
}

test("a use case's refusal is one line and exit code 2, as a usage error is", () => {
  assert.deepEqual(report(new Refusal('Freeze the roll before issuing postal papers.', 'issue')), {
    code: 2,
    stderr: 'grassroots: Freeze the roll before issuing postal papers.\n',
  });
  assert.deepEqual(report(new UsageError('count: --method is required')), {
    code: 2,
    stderr: 'grassroots: count: --method is required\n',
  });
});

test('a wrong environment is exit code 1, and a bug keeps its stack with exit code 70', () => {
  assert.equal(report(new EnvironmentError('the database is unreachable')).code, 1);
  const bug = report(new TypeError('x is undefined'));
  assert.equal(bug.code, 70);
  assert.match(bug.stderr, /^grassroots: internal error: TypeError: x is undefined\n\s+at /);
});
