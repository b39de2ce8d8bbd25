/** The access domain's public entry: what other domains may use. */
export { signInRoutes } from './sign-in.tsx';
