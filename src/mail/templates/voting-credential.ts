import type { MessageText } from './message.ts';

/**
 * A member's private credential for a verifiable ballot (Belenios, spec 2.0
 * §3.1), mailed when voting opens and erased from the outbox once sent.
 * `voteLink` opens the voting page with the credential filled in.
 */
export function votingCredentialMessage(data: {
  firstName: string;
  ballotTitle: string;
  credential: string;
  voteLink: string;
}): MessageText {
  return {
    subject: votingCredentialSubject(data.ballotTitle),
    text: [
      `Hello ${data.firstName},`,
      '',
      `This is your private voting credential for ${data.ballotTitle}:`,
      '',
      `    ${data.credential}`,
      '',
      'Your ballot is encrypted on your own device and signed with this credential,',
      'so that anyone can check the count without learning how you voted.',
      'You will also get an email with a link to sign in and vote. This link opens',
      'the voting page with your credential filled in:',
      '',
      data.voteLink,
      '',
      'Keep this email until the result is declared, and do not share it.',
      'Only you have this credential: we erase our copy once this email is sent.',
    ].join('\n'),
  };
}

/** The subject of a credential message, by which the demo finds its own mail. */
export function votingCredentialSubject(ballotTitle: string): string {
  return `Your voting credential: ${ballotTitle}`;
}

/** The credential in a message `votingCredentialMessage` wrote (the demo reads its outbox as members would). */
export function credentialIn(text: string): string | undefined {
  return /^ {4}(\S+)$/m.exec(text)?.[1];
}

/** What the outbox keeps of a message that held a credential, once it is sent. */
export const erasedCredentialText = '(Erased once sent: it held a private voting credential.)';
