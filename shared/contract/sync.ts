import { z } from 'zod';
import {
  hostHistoryResponseSchema,
  hostStepSchema,
  hostsResponseSchema,
} from '../sync/host-report';
import {
  errorBodySchema,
  errorCodeSchema,
  pairingCodeResponseSchema,
  pullRequestSchema,
  pullResponseSchema,
  pushRequestSchema,
  pushResponseSchema,
  roleSchema,
  uuidSchema,
} from '../sync/protocol';
import { isPullResponse, isPushRequest, isPushResponse } from '../sync/wire-checks';
import { defineMethod } from './define';

/**
 * The sync transport as the renderer sees it (SYNC-PROTOCOL.md §3). The main process holds the
 * device token and does all HTTP; no answer here ever carries the token.
 */

/** How the device token is kept: `secure` is false where the OS offers no protected storage. */
export const tokenStorageSchema = z.object({
  secure: z.boolean(),
  /** e.g. "keychain", "dpapi", "gnome_libsecret", "basic_text", "file". */
  backend: z.string(),
});
export type TokenStorage = z.infer<typeof tokenStorageSchema>;

/** What the last exchange with the server says about the connection, for a status a person reads. */
export const connectionSchema = z.enum([
  'unknown',
  'online',
  'offline',
  /** The server no longer knows this device: pair again. */
  'unauthenticated',
  /** The clinic removed this device: wipe its clinic data and pair again. */
  'revoked',
  /** The app is too old for the server: update it. */
  'update-required',
]);

export const syncStatusSchema = z.object({
  paired: z.boolean(),
  serverUrl: z.string().nullable(),
  insecureLan: z.boolean(),
  deviceId: uuidSchema.nullable(),
  deviceName: z.string().nullable(),
  clinicId: uuidSchema.nullable(),
  patientId: uuidSchema.nullable(),
  role: roleSchema.nullable(),
  serverEpoch: z.string().nullable(),
  pairedAt: z.number().nullable(),
  tokenStorage: tokenStorageSchema,
  connection: connectionSchema,
  lastSuccessAt: z.number().nullable(),
  lastError: z.object({ code: z.string(), message: z.string(), at: z.number() }).nullable(),
  consecutiveFailures: z.number().int().nonnegative(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const syncPairRequestSchema = z
  .object({
    serverUrl: z.string().min(1).max(2048),
    code: z.string().regex(/^\d{8}$/, 'A pairing code is 8 digits'),
    deviceName: z.string().min(1).max(200).optional(),
    /** An administrator's explicit choice to allow http:// to a server on this LAN. */
    allowInsecureLan: z.boolean().optional(),
  })
  .strict();
export type SyncPairRequest = z.infer<typeof syncPairRequestSchema>;

const unreachableSchema = z.object({
  outcome: z.literal('unreachable'),
  reason: z.enum(['timeout', 'network', 'bad-response']),
  message: z.string(),
  /** When to try again: jittered exponential backoff, never sooner than the server asked. */
  retryAfterMs: z.number().int().nonnegative(),
});

export const syncPairResultSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('paired'), status: syncStatusSchema }),
  /** The server said no (PAIRING_CODE_INVALID, BUSY after too many attempts, ...). */
  z.object({
    outcome: z.literal('refused'),
    code: errorCodeSchema,
    message: z.string(),
    retryAfterMs: z.number().int().nonnegative().optional(),
  }),
  /** http:// to a server that is not on this LAN, or without the opt-in; or not a URL. */
  z.object({ outcome: z.literal('insecure-url'), message: z.string() }),
  z.object({ outcome: z.literal('invalid-url'), message: z.string() }),
  unreachableSchema,
]);
export type SyncPairResult = z.infer<typeof syncPairResultSchema>;

/**
 * One call to the server as the renderer gets it: the HTTP status with the body parsed by the
 * CSP/1 schemas, or why there was no answer. `not-paired` never touched the network.
 */
export function syncCallResultSchema<T extends z.ZodType>(body: T) {
  return z.discriminatedUnion('outcome', [
    z.object({ outcome: z.literal('ok'), status: z.number().int(), body }),
    z.object({
      outcome: z.literal('error'),
      status: z.number().int(),
      body: errorBodySchema,
      retryAfterMs: z.number().int().nonnegative().optional(),
    }),
    unreachableSchema,
    z.object({ outcome: z.literal('not-paired') }),
  ]);
}
/** A quick check of an `ok` SyncCallResult from one of its body (see MethodSpec.accepts). */
function acceptsOkCall(acceptsBody: (value: unknown) => boolean): (value: unknown) => boolean {
  return (result) => {
    if (typeof result !== 'object' || result === null) return false;
    if (Object.getPrototypeOf(result) !== Object.prototype) return false;
    const { outcome, status, body } = result as Record<string, unknown>;
    return (
      Object.keys(result).length === 3 &&
      outcome === 'ok' &&
      typeof status === 'number' &&
      Number.isSafeInteger(status) &&
      'body' in result &&
      acceptsBody(body)
    );
  };
}

export type SyncCallResult<T> =
  | { outcome: 'ok'; status: number; body: T }
  | {
      outcome: 'error';
      status: number;
      body: z.infer<typeof errorBodySchema>;
      retryAfterMs?: number | undefined;
    }
  | z.infer<typeof unreachableSchema>
  | { outcome: 'not-paired' };

export const syncPairingCodeRequestSchema = z
  .object({ role: roleSchema, patientId: uuidSchema.nullable().optional() })
  .strict();

export const syncHostHistoryRequestSchema = z
  .object({
    deviceId: uuidSchema,
    from: z.number().int().nonnegative(),
    to: z.number().int().nonnegative(),
    step: hostStepSchema.optional(),
  })
  .strict();

const none = z.undefined();

/** The `sync.*` methods of the host API (spread into methods.ts). */
export const syncMethods = {
  'sync.getStatus': defineMethod(none, syncStatusSchema),
  'sync.pair': defineMethod(syncPairRequestSchema, syncPairResultSchema),
  'sync.unpair': defineMethod(none, syncStatusSchema),
  'sync.push': defineMethod(pushRequestSchema, syncCallResultSchema(pushResponseSchema), {
    request: isPushRequest,
    response: acceptsOkCall(isPushResponse),
  }),
  'sync.pull': defineMethod(pullRequestSchema, syncCallResultSchema(pullResponseSchema), {
    response: acceptsOkCall(isPullResponse),
  }),
  'sync.createPairingCode': defineMethod(
    syncPairingCodeRequestSchema,
    syncCallResultSchema(pairingCodeResponseSchema),
  ),
  'sync.listHosts': defineMethod(none, syncCallResultSchema(hostsResponseSchema)),
  'sync.getHostHistory': defineMethod(
    syncHostHistoryRequestSchema,
    syncCallResultSchema(hostHistoryResponseSchema),
  ),
};
