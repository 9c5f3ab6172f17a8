import { z } from 'zod';
import { hostErrorSchema } from './result';

/** Subprotocol spoken on the browser-mode WebSocket; the token travels as a second subprotocol. */
export const WS_PROTOCOL = 'healthdesk.v1';
export const WS_TOKEN_PREFIX = 'token.';
export const WS_PATH = '/api';

const name = z.string().min(1).max(128);

export const clientFrameSchema = z.discriminatedUnion('t', [
  z.object({
    t: z.literal('call'),
    id: z.number().int().nonnegative(),
    method: name,
    params: z.unknown().optional(),
  }),
  z.object({ t: z.literal('sub'), event: name }),
  z.object({ t: z.literal('unsub'), event: name }),
]);
export type ClientFrame = z.infer<typeof clientFrameSchema>;

export const serverFrameSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('result'), id: z.number().int().nonnegative(), result: z.unknown() }),
  z.object({ t: z.literal('event'), event: name, payload: z.unknown() }),
  z.object({ t: z.literal('error'), error: hostErrorSchema }),
]);
export type ServerFrame = z.infer<typeof serverFrameSchema>;
