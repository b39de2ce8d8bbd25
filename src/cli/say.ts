/** A line for the person at the terminal (not a log entry). */
export const say = (line: string) => process.stderr.write(`${line}\n`);
