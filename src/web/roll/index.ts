/** The roll domain's public entry: what other domains may use. */
export { adminRoutes } from './admin.tsx';
export { memberRoutes } from './members.tsx';
