/** The demo domain's public entry: what other domains may use. */
export { seedDemoHistory } from './history.ts';
export { isEmpty, seedDemo } from './seed.ts';
