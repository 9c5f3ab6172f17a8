import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/**
 * A file's lines, opened only when the first line is asked for. A readline interface made
 * earlier reads on its own and may emit every line before a slow consumer (a restore first opens
 * a transaction) starts iterating: those lines are lost and the loop then waits forever.
 */
export async function* fileLines(file: string): AsyncGenerator<string> {
  yield* createInterface({ input: createReadStream(file), crlfDelay: Infinity });
}
