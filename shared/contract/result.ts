import { z } from 'zod';

/**
 * Error codes a host API call can return. A closed list so that the renderer can put every one
 * of them into plain words for the user (see renderer/src/i18n).
 */
export const HOST_ERROR_CODES = [
  'BAD_REQUEST',
  'UNKNOWN_METHOD',
  'UNAUTHORIZED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED',
  'UNAVAILABLE',
  'TIMEOUT',
  'NOT_FOUND',
  'DISCONNECTED',
  'INTERNAL',
] as const;

export const hostErrorCodeSchema = z.enum(HOST_ERROR_CODES);
export type HostErrorCode = z.infer<typeof hostErrorCodeSchema>;

export const hostErrorSchema = z.object({
  code: hostErrorCodeSchema,
  message: z.string(),
});
export type HostError = z.infer<typeof hostErrorSchema>;

export interface Failure {
  ok: false;
  error: HostError;
}

/** The envelope every call returns: thrown errors lose everything but their message across IPC. */
export type Result<T> = { ok: true; value: T } | Failure;

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: HostErrorCode, message: string): Failure {
  return { ok: false, error: { code, message } };
}

export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: hostErrorSchema }),
  ]);
}

/** A quick check of `{ ok: true, value }` from one of the value (see MethodSpec.accepts). */
export function acceptsOk(acceptsValue: (value: unknown) => boolean): (value: unknown) => boolean {
  return (envelope) => {
    if (typeof envelope !== 'object' || envelope === null) return false;
    if (Object.getPrototypeOf(envelope) !== Object.prototype) return false;
    const keys = Object.keys(envelope);
    const { ok, value } = envelope as { ok?: unknown; value?: unknown };
    return keys.length === 2 && ok === true && 'value' in envelope && acceptsValue(value);
  };
}

/** Largest serialised request or response accepted by either transport. */
export const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

/** Size of a payload once serialised, or Infinity when it cannot be serialised at all. */
export function serialisedSize(payload: unknown): number {
  if (payload === undefined) return 0;
  try {
    // JSON.stringify returns undefined for functions and symbols, whatever its typing says.
    const json = JSON.stringify(payload) as string | undefined;
    return json === undefined ? 0 : json.length;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
