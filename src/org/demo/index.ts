/** The demo domain's public entry: what other domains may use. */
export { demoAccounts, generateDemo } from './demo.ts';
