import { z } from 'zod';

/**
 * zod 4 compiles a fast parser the first time a schema parses. The server parses each record
 * against a schema made fresh per call (`checkRecord` in shared/domain/tables.ts calls
 * `.loose()` each time), so it would compile on every change: 0.5 ms each, measured. Without
 * compilation the same validation costs a fifth of that, and the wire schemas parse about twice
 * as fast. Called once by the server's entry points (process configuration, not a module effect).
 */
export function configureZodForServer(): void {
  z.config({ jitless: true });
}
