import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ballotInvitationMessage,
  credentialIn,
  signInLinkMessage,
  votingCredentialMessage,
} from './index.ts';

describe('email wording', () => {
  test('the sign-in link', () => {
    assert.deepEqual(
      signInLinkMessage({ firstName: 'Ada', link: 'https://party.example/sign-in/abc' }),
      {
        subject: 'Your link to sign in',
        text: `Hello Ada,

Use this link to sign in. It works once, for the next 30 minutes:

https://party.example/sign-in/abc

If you did not ask to sign in, you can ignore this email.`,
      },
    );
  });

  test('a ballot invitation, with the close in London time', () => {
    assert.deepEqual(
      ballotInvitationMessage({
        kind: 'invitation',
        firstName: 'Ada',
        ballotTitle: 'Branch secretary',
        closesAt: new Date('2026-06-30T16:00:00Z'),
        link: 'https://party.example/sign-in/abc',
      }),
      {
        subject: 'Your ballot: Branch secretary',
        text: `Hello Ada,

You can now vote in: Branch secretary.
Voting closes 30 June 2026 at 17:00.

This link is yours alone. It signs you in and opens your ballot; it works once:

https://party.example/sign-in/abc

Do not forward this email: anyone with the link could vote in your place.`,
      },
    );
  });

  test('a reminder, for a ballot with no closing time set', () => {
    assert.deepEqual(
      ballotInvitationMessage({
        kind: 'reminder',
        firstName: 'Bo',
        ballotTitle: 'Branch secretary',
        closesAt: null,
        link: 'https://party.example/sign-in/def',
      }),
      {
        subject: 'Reminder: you have not voted yet in Branch secretary',
        text: `Hello Bo,

You have not yet voted in: Branch secretary.


This link is yours alone. It signs you in and opens your ballot; it works once:

https://party.example/sign-in/def

Do not forward this email: anyone with the link could vote in your place.`,
      },
    );
  });

  test('the credential of a verifiable ballot, which the demo can read back', () => {
    const message = votingCredentialMessage({
      firstName: 'Ada',
      ballotTitle: 'National Executive',
      credential: 'abc123XYZ',
      voteLink: 'https://party.example/elections/7/vote#credential=abc123XYZ',
    });
    assert.deepEqual(message, {
      subject: 'Your voting credential: National Executive',
      text: `Hello Ada,

This is your private voting credential for National Executive:

    abc123XYZ

Your ballot is encrypted on your own device and signed with this credential,
so that anyone can check the count without learning how you voted.
You will also get an email with a link to sign in and vote. This link opens
the voting page with your credential filled in:

https://party.example/elections/7/vote#credential=abc123XYZ

Keep this email until the result is declared, and do not share it.
Only you have this credential: we erase our copy once this email is sent.`,
    });
    assert.equal(credentialIn(message.text), 'abc123XYZ');
  });
});
