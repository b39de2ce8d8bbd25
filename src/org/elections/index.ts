/** The elections domain's public entry: what other domains may use. */

export type { ElectionSettings } from './settings.ts';
export { methodProblems, runningExampleSettings } from './settings.ts';
export type { Stage } from './stages.ts';
export { stageNames, stageNames as stageLabel } from './stages.ts';
