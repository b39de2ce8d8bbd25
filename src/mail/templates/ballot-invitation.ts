import type { MessageText } from './message.ts';

/**
 * A ballot invitation, or a reminder to a member who has not voted: a personal
 * link that signs the member in and opens the ballot, once, until voting
 * closes. `closesAt` is shown in the organisation's time (Europe/London).
 */
export function ballotInvitationMessage(data: {
  kind: 'invitation' | 'reminder';
  firstName: string;
  ballotTitle: string;
  closesAt: Date | null;
  link: string;
}): MessageText {
  const title = data.ballotTitle;
  const closes = data.closesAt
    ? `Voting closes ${data.closesAt.toLocaleString('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/London' })}.`
    : '';
  return {
    subject:
      data.kind === 'invitation'
        ? `Your ballot: ${title}`
        : `Reminder: you have not voted yet in ${title}`,
    text: [
      `Hello ${data.firstName},`,
      '',
      data.kind === 'invitation'
        ? `You can now vote in: ${title}.`
        : `You have not yet voted in: ${title}.`,
      closes,
      '',
      'This link is yours alone. It signs you in and opens your ballot; it works once:',
      '',
      data.link,
      '',
      'Do not forward this email: anyone with the link could vote in your place.',
    ].join('\n'),
  };
}
