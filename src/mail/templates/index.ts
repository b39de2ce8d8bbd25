/**
 * Every email's wording (issue 12): pure functions, data in and the subject
 * and text out, with no database, no network and nothing of ours but
 * src/core. A leaf, so that the database layer, which queues invitations and
 * credentials inside its transactions, can word them without importing the
 * mailer (docs/architecture.md, "Layers").
 */
export { ballotInvitationMessage } from './ballot-invitation.ts';
export type { MessageText } from './message.ts';
export { signInLinkMessage } from './sign-in-link.ts';
export {
  credentialIn,
  erasedCredentialText,
  votingCredentialMessage,
  votingCredentialSubject,
} from './voting-credential.ts';
