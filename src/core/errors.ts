/**
 * The environment is wrong (database unreachable, port in use, data folder not
 * writable, data from a newer version...): the command line prints the message
 * as one line and exits 1. A leaf module any layer may import.
 */
export class EnvironmentError extends Error {}
