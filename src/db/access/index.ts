/** The access domain's public entry: what other domains may use. */
export { actorFor, createSignInLink, hashToken, memberForSession, newToken } from './sign-in.ts';
