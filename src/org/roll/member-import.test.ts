import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readMembersCsv, writeMembersCsv } from './member-import.ts';

const branches = new Set(['Aldermoor', 'Fellside']);
const header =
  'membership_number,first_name,last_name,email,postal_address,gender,branch,joined_on,dues_status,paid_up_to,representative';

describe('importing members from CSV', () => {
  test('a clean file gives every member', () => {
    const { members, problems } = readMembersCsv(
      `${header}\nL1,Ada,Lovelace,ADA@example.org,"1 High Street, Aldermoor",woman,Aldermoor,2017-08-24,paid_up,2027-08-24\nL2,Bo,Jones,,,,Fellside,2020-01-01,in arrears,2026-10-01\n`,
      branches,
    );
    assert.deepEqual(problems, []);
    assert.equal(members.length, 2);
    assert.equal(members[0]!.email, 'ada@example.org');
    assert.equal(members[0]!.postalAddress, '1 High Street, Aldermoor');
    assert.equal(members[1]!.duesStatus, 'in_arrears');
    assert.equal(members[1]!.email, null);
  });

  test('every bad row is reported with line, field and reason, and nothing is imported', () => {
    const { members, problems } = readMembersCsv(
      [
        header,
        'L1,Ada,Lovelace,not-an-email,,woman,Aldermoor,2017-08-24,paid_up,2027-08-24',
        'L2,Bo,Jones,,,,Nowhere,2020-02-30,paid,',
        'L1,Cy,,,,,Fellside,2020-01-01,lapsed,',
      ].join('\n'),
      branches,
    );
    assert.deepEqual(members, []);
    assert.deepEqual(problems, [
      { line: 2, field: 'email', reason: "'not-an-email' is not an email address" },
      { line: 3, field: 'branch', reason: "there is no branch called 'Nowhere'" },
      { line: 3, field: 'dues_status', reason: "'paid' is not one of paid_up, in_arrears, lapsed" },
      { line: 3, field: 'joined_on', reason: "'2020-02-30' is not a date as YYYY-MM-DD" },
      { line: 4, field: 'last_name', reason: 'is empty' },
      { line: 4, field: 'membership_number', reason: 'repeats line 2' },
    ]);
  });

  test('a wrong header is one clear problem', () => {
    const { problems } = readMembersCsv('number,name\nL1,Ada\n', branches);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.reason, /missing column\(s\) membership_number, first_name/);
    assert.match(problems[0]!.reason, /unknown column\(s\) number, name/);
  });

  test('the representative column is optional: yes flags a representative', () => {
    const without = `${header.replace(',representative', '')}\nL1,Ada,Lovelace,,,,Aldermoor,2017-08-24,paid_up,\n`;
    assert.equal(readMembersCsv(without, branches).members[0]!.representative, null);
    const bad = readMembersCsv(
      `${header}\nL1,Ada,Lovelace,,,,Aldermoor,2017-08-24,paid_up,,MP\n`,
      branches,
    );
    assert.deepEqual(bad.problems, [
      { line: 2, field: 'representative', reason: "'mp' should be yes or empty" },
    ]);
  });

  test('what is exported imports again unchanged', () => {
    const text = `${header}\nL1,Ada,Lovelace,ada@example.org,"1 High Street, ""Aldermoor""",woman,Aldermoor,2017-08-24,paid_up,2027-08-24,yes\nL2,Bo,Jones,,,,Fellside,2020-01-01,paid_up,,\n`;
    const { members } = readMembersCsv(text, branches);
    assert.equal(writeMembersCsv(members), text);
  });

  test('a member named like a spreadsheet formula is exported neutralised and reads back as named', () => {
    const { members } = readMembersCsv(
      `${header}\nL1,"=HYPERLINK(""http://x"")",@Lovelace,,"-1 Minus Street",,Aldermoor,2017-08-24,paid_up,,\n`,
      branches,
    );
    assert.equal(members[0]!.firstName, '=HYPERLINK("http://x")');
    const exported = writeMembersCsv(members);
    // A spreadsheet shows these cells as text: none begins with = + - @.
    assert.equal(
      exported.split('\n')[1],
      'L1,"\'=HYPERLINK(""http://x"")",\'@Lovelace,,\'-1 Minus Street,,Aldermoor,2017-08-24,paid_up,,',
    );
    assert.deepEqual(readMembersCsv(exported, branches).members, members);
  });

  test('an export is these exact bytes', () => {
    const members = readMembersCsv(
      `${header}\nL2,Bo,Jones,bo@example.org,"Flat 2\n3 Mill Lane, Fellside",man,Fellside,2020-01-01,in_arrears,2026-10-01,\nL7,+Cy,"O'Neil, ""Jr""",,,,Aldermoor,2021-05-06,paid_up,,yes\n`,
      branches,
    ).members;
    assert.equal(
      writeMembersCsv(members),
      `${header}\n` +
        'L2,Bo,Jones,bo@example.org,"Flat 2\n3 Mill Lane, Fellside",man,Fellside,2020-01-01,in_arrears,2026-10-01,\n' +
        'L7,\'+Cy,"O\'Neil, ""Jr""",,,,Aldermoor,2021-05-06,paid_up,,yes\n',
    );
  });
});
