import { z } from 'zod';
import { hlcSchema } from './hlc';
import { ALL_FIELDS } from './stamps';

/** Wire format of CSP/1 (SYNC-PROTOCOL.md §4, §5), shared by the server, main and the renderer. */
export const PROTOCOL_VERSION = 1;
export const MAX_BATCH_CHANGES = 500;
export const MAX_BODY_BYTES = 5 * 1024 * 1024;
export const DEFAULT_PULL_LIMIT = 100;
export const MAX_PULL_LIMIT = 1000;

const uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'Not a UUID');
export const uuidSchema = uuid;
const tableName = z.string().regex(/^[a-z][a-zA-Z0-9_]{0,63}$/, 'Not a table name');
const fieldName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'Not a field name');
/** A field name, or "*": the stamp of every field without its own (compact stamps). */
const stampKey = z
  .string()
  .regex(/^(\*|[A-Za-z_][A-Za-z0-9_]{0,63})$/, `Not a field name or "${ALL_FIELDS}"`);
const json = z.unknown();

export const pairRequestSchema = z.object({
  code: z.string().regex(/^\d{8}$/, 'A pairing code is 8 digits'),
  deviceId: uuid,
  deviceName: z.string().max(200).optional(),
});
export type PairRequest = z.infer<typeof pairRequestSchema>;

export const roleSchema = z.enum(['staff', 'patient']);
export type Role = z.infer<typeof roleSchema>;

export const pairResponseSchema = z.object({
  deviceId: uuid,
  deviceToken: z.string().min(32),
  clinicId: uuid,
  patientId: uuid.nullable(),
  role: roleSchema,
  serverEpoch: z.string().min(1),
});
export type PairResponse = z.infer<typeof pairResponseSchema>;

export const upsertChangeSchema = z.object({
  changeId: uuid,
  op: z.literal('upsert'),
  table: tableName,
  id: uuid,
  patientId: uuid.nullable(),
  fields: z.record(fieldName, json),
  fieldHlc: z.record(stampKey, hlcSchema),
});

export const deleteChangeSchema = z.object({
  changeId: uuid,
  op: z.literal('delete'),
  table: tableName,
  id: uuid,
  patientId: uuid.nullable(),
  hlc: hlcSchema,
});

export const changeSchema = z
  .discriminatedUnion('op', [upsertChangeSchema, deleteChangeSchema])
  .refine(
    (change) =>
      change.op === 'delete' ||
      (Object.keys(change.fields).length > 0 &&
        Object.keys(change.fields).every(
          (key) =>
            Object.hasOwn(change.fieldHlc, key) || Object.hasOwn(change.fieldHlc, ALL_FIELDS),
        ) &&
        Object.keys(change.fieldHlc).every(
          (key) => key === ALL_FIELDS || Object.hasOwn(change.fields, key),
        )),
    'An upsert needs fields, a stamp for each (its own or "*"), and no stamp for another field',
  );
export type Change = z.infer<typeof changeSchema>;
export type UpsertChange = z.infer<typeof upsertChangeSchema>;
export type DeleteChange = z.infer<typeof deleteChangeSchema>;

export const ERROR_CODES = [
  'MALFORMED',
  'PAIRING_CODE_INVALID',
  'UNAUTHENTICATED',
  'DEVICE_REVOKED',
  'RESYNC_REQUIRED',
  'BATCH_TOO_LARGE',
  'PROTOCOL_UNSUPPORTED',
  'SCHEMA_TOO_OLD',
  'BUSY',
  'INTERNAL',
  'CLOCK_SKEW',
  'FORBIDDEN_SCOPE',
  'IMMUTABLE_FIELD',
  'VALIDATION',
  'NOT_FOUND',
  'FORBIDDEN',
] as const;
export const errorCodeSchema = z.enum(ERROR_CODES);
export type SyncErrorCode = z.infer<typeof errorCodeSchema>;

export const remoteRecordSchema = z.object({
  id: uuid,
  table: tableName,
  patientId: uuid.nullable(),
  deleted: z.boolean(),
  data: z.record(z.string(), json),
  hlc: z.record(z.string(), hlcSchema),
  seq: z.number().int().positive(),
});
export type RemoteRecord = z.infer<typeof remoteRecordSchema>;

export const changeOutcomeSchema = z.enum(['applied', 'superseded', 'rejected']);
export type ChangeOutcome = z.infer<typeof changeOutcomeSchema>;

/**
 * Compact stamps (docs/sync-protocol.md §15). A server that reads "*" in pushed stamps says so
 * with this header on every answer; an app that does not know it never looks at it.
 */
export const COMPACT_STAMPS_HEADER = 'csp-compact-stamps';

export const pushResponseSchema = z.object({
  batchId: uuid,
  replayed: z.literal(true).optional(),
  serverTime: z.number(),
  results: z.array(
    z.object({
      changeId: uuid,
      outcome: changeOutcomeSchema,
      code: errorCodeSchema.optional(),
      current: remoteRecordSchema.nullable().optional(),
    }),
  ),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

export const cursorSchema = z.object({
  epoch: z.string().min(1),
  seq: z.number().int().nonnegative(),
});
export type Cursor = z.infer<typeof cursorSchema>;

/** How far ahead of the server's clock a stamp may be; later ones are refused (§5 CLOCK_SKEW). */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

export const pushRequestSchema = z.object({
  protocolVersion: z.literal(PROTOCOL_VERSION),
  schemaVersion: z.number().int().positive(),
  batchId: uuid,
  changes: z.array(changeSchema).min(1).max(MAX_BATCH_CHANGES),
  /**
   * The device's pull cursor. A push made against another server state (a restore, another
   * scope) is refused with 409 like a pull, before anything is applied. Optional on the wire:
   * older apps do not send it.
   */
  cursor: cursorSchema.nullable().optional(),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const pullRequestSchema = z.object({
  protocolVersion: z.literal(PROTOCOL_VERSION),
  schemaVersion: z.number().int().positive(),
  cursor: cursorSchema.nullable(),
  limit: z.number().int().min(1).max(MAX_PULL_LIMIT).optional(),
  /** The device reads "*" in the records' stamps; a server that does not know it ignores it. */
  compactStamps: z.literal(true).optional(),
});
export type PullRequest = z.infer<typeof pullRequestSchema>;

export const pullResponseSchema = z.object({
  changes: z.array(remoteRecordSchema),
  cursor: cursorSchema,
  hasMore: z.boolean(),
  serverTime: z.number(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

/**
 * Why a pull answered 409 RESYNC_REQUIRED. A device heals a restored server (epoch, ahead) by
 * pushing back what the server lost, but drops what the server removed on purpose (horizon,
 * scope); after an update that brings tables it did not see before (schema) it pulls from the
 * start. See docs/sync-protocol.md.
 */
export const RESYNC_REASONS = ['epoch', 'ahead', 'horizon', 'scope', 'schema'] as const;
export const resyncReasonSchema = z.enum(RESYNC_REASONS);
export type ResyncReason = z.infer<typeof resyncReasonSchema>;

export const errorBodySchema = z.object({
  error: z.object({
    code: errorCodeSchema,
    message: z.string(),
    minSchemaVersion: z.number().int().optional(),
    retryAfterMs: z.number().int().nonnegative().optional(),
    reason: resyncReasonSchema.optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

export const rotateResponseSchema = z.object({
  deviceToken: z.string().min(32),
  previousValidUntil: z.number(),
});
export type RotateResponse = z.infer<typeof rotateResponseSchema>;

/** `POST /v1/admin/pairing-codes` (§11): a staff device asks for a code for its own clinic. */
export const pairingCodeRequestSchema = z.object({
  clinicId: uuid,
  role: roleSchema,
  patientId: uuid.nullable().optional(),
});
export type PairingCodeRequest = z.infer<typeof pairingCodeRequestSchema>;

export const pairingCodeResponseSchema = z.object({
  code: z.string().regex(/^\d{8}$/),
  clinicId: uuid,
  role: roleSchema,
  patientId: uuid.nullable(),
  expiresAt: z.number(),
});
export type PairingCodeResponse = z.infer<typeof pairingCodeResponseSchema>;
