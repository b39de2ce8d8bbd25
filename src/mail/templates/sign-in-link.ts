import type { MessageText } from './message.ts';

/**
 * The link a member asks for on the sign-in page: it works once, for 30
 * minutes (src/db/access/sign-in.ts).
 */
export function signInLinkMessage(data: { firstName: string; link: string }): MessageText {
  return {
    subject: 'Your link to sign in',
    text: [
      `Hello ${data.firstName},`,
      '',
      'Use this link to sign in. It works once, for the next 30 minutes:',
      '',
      data.link,
      '',
      'If you did not ask to sign in, you can ignore this email.',
    ].join('\n'),
  };
}
