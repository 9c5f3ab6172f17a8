import type { z } from 'zod';
import { HLC_PATTERN } from './hlc';
import { ERROR_CODES, MAX_BATCH_CHANGES, PROTOCOL_VERSION } from './protocol';
import type { PullResponse, PushRequest, PushResponse, RemoteRecord } from './protocol';
import { ALL_FIELDS } from './stamps';

/**
 * Quick checks of the largest CSP/1 messages (a push batch, a pull page, a push answer), for the
 * places that validate them on every exchange: the server, the main process and the renderer.
 * Each returns true only for a value its zod schema in protocol.ts accepts and returns unchanged
 * (no unknown keys to strip, nothing to coerce); anything else goes to the schema, which decides
 * and explains. So the schema stays the definition, and a message is checked in a few
 * microseconds per change instead of tens (tests/unit/sync/wire-checks.test.ts holds them to it).
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TABLE_NAME = /^[a-z][a-zA-Z0-9_]{0,63}$/;
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const ERROR_CODE_SET = new Set<unknown>(ERROR_CODES);
const OUTCOMES = new Set<unknown>(['applied', 'superseded', 'rejected']);

/** A plain object (from JSON or a structured clone) whose own keys are all in `allowed`. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function hasOnlyKeys(value: Record<string, unknown>, allowed: ReadonlySet<string>): boolean {
  for (const key in value) {
    // An optional key present as undefined is left to the schema.
    if (!allowed.has(key) || value[key] === undefined) return false;
  }
  return true;
}

/** An array of items passing `check`, without holes or named properties (both possible in a structured clone). */
function isArrayOf(value: unknown, check: (item: unknown) => boolean): value is unknown[] {
  if (!Array.isArray(value) || Object.getPrototypeOf(value) !== Array.prototype) return false;
  if (Object.keys(value).length !== value.length) return false;
  for (const item of value) if (!check(item)) return false;
  return true;
}

const isUuid = (value: unknown): boolean => typeof value === 'string' && UUID.test(value);

// A batch repeats the same few field names and often one stamp on every field of a change, so
// the last good stamp and the field names seen are remembered rather than matched again.
let lastStamp = '';
const isStamp = (value: unknown): boolean => {
  if (typeof value !== 'string') return false;
  if (value === lastStamp) return true;
  if (!HLC_PATTERN.test(value)) return false;
  lastStamp = value;
  return true;
};
const knownFieldNames = new Set<string>();
const isFieldName = (name: string): boolean => {
  if (knownFieldNames.has(name)) return true;
  if (!FIELD_NAME.test(name)) return false;
  if (knownFieldNames.size >= 10_000) knownFieldNames.clear();
  knownFieldNames.add(name);
  return true;
};
const isSafeInt = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value);

/** A record of JSON values under names `names` accepts ("__proto__" is left to the schema). */
function isNamedRecord(
  value: unknown,
  names: ((name: string) => boolean) | null,
): value is Record<string, unknown> {
  if (!isPlainObject(value)) return false;
  for (const key in value) {
    if (key === '__proto__' || (names !== null && !names(key))) return false;
    if (value[key] === undefined) return false;
  }
  return true;
}

/** An object of JSON values, as `z.record(z.string(), z.unknown())` returns it unchanged. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return isNamedRecord(value, null);
}

/** An object of clock stamps, as `z.record(z.string(), hlcSchema)` returns it unchanged. */
export function isStampRecord(value: unknown): value is Record<string, string> {
  if (!isPlainObject(value)) return false;
  for (const key in value) if (key === '__proto__' || !isStamp(value[key])) return false;
  return true;
}

const UPSERT_KEYS = new Set(['changeId', 'op', 'table', 'id', 'patientId', 'fields', 'fieldHlc']);
const DELETE_KEYS = new Set(['changeId', 'op', 'table', 'id', 'patientId', 'hlc']);

function isChange(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  const { op } = value;
  if (op !== 'upsert' && op !== 'delete') return false;
  if (!hasOnlyKeys(value, op === 'upsert' ? UPSERT_KEYS : DELETE_KEYS)) return false;
  if (!isUuid(value.changeId) || !isUuid(value.id)) return false;
  if (typeof value.table !== 'string' || !TABLE_NAME.test(value.table)) return false;
  if (value.patientId !== null && !isUuid(value.patientId)) return false;
  if (op === 'delete') return isStamp(value.hlc);
  const { fields, fieldHlc } = value;
  if (!isNamedRecord(fields, isFieldName) || !isPlainObject(fieldHlc)) return false;
  // Fields, each with a stamp (its own or "*"), no stamp of another field; stamps well formed.
  const shared = Object.hasOwn(fieldHlc, ALL_FIELDS);
  if (shared && !isStamp(fieldHlc[ALL_FIELDS])) return false;
  let count = 0;
  let own = 0;
  for (const key in fields) {
    count++;
    if (Object.hasOwn(fieldHlc, key)) {
      if (!isStamp(fieldHlc[key])) return false;
      own++;
    } else if (!shared) return false;
  }
  if (count === 0) return false;
  let stamps = 0;
  for (const key in fieldHlc) if (key !== ALL_FIELDS && ++stamps > own) return false;
  return true;
}

const PUSH_REQUEST_KEYS = new Set([
  'protocolVersion',
  'schemaVersion',
  'batchId',
  'changes',
  'cursor',
]);
const CURSOR_KEYS = new Set(['epoch', 'seq']);

function isCursor(value: unknown): boolean {
  return (
    isPlainObject(value) &&
    hasOnlyKeys(value, CURSOR_KEYS) &&
    typeof value.epoch === 'string' &&
    value.epoch.length > 0 &&
    isSafeInt(value.seq) &&
    value.seq >= 0
  );
}

export function isPushRequest(value: unknown): value is PushRequest {
  if (!isPlainObject(value) || !hasOnlyKeys(value, PUSH_REQUEST_KEYS)) return false;
  const { changes } = value;
  return (
    value.protocolVersion === PROTOCOL_VERSION &&
    isSafeInt(value.schemaVersion) &&
    value.schemaVersion > 0 &&
    isUuid(value.batchId) &&
    (!('cursor' in value) || value.cursor === null || isCursor(value.cursor)) &&
    isArrayOf(changes, isChange) &&
    changes.length >= 1 &&
    changes.length <= MAX_BATCH_CHANGES
  );
}

const REMOTE_RECORD_KEYS = new Set(['id', 'table', 'patientId', 'deleted', 'data', 'hlc', 'seq']);

function isRemoteRecord(value: unknown): value is RemoteRecord {
  if (!isPlainObject(value) || !hasOnlyKeys(value, REMOTE_RECORD_KEYS)) return false;
  return (
    isUuid(value.id) &&
    typeof value.table === 'string' &&
    TABLE_NAME.test(value.table) &&
    (value.patientId === null || isUuid(value.patientId)) &&
    typeof value.deleted === 'boolean' &&
    isNamedRecord(value.data, null) &&
    isStampRecord(value.hlc) &&
    isSafeInt(value.seq) &&
    value.seq > 0
  );
}

const PULL_RESPONSE_KEYS = new Set(['changes', 'cursor', 'hasMore', 'serverTime']);

export function isPullResponse(value: unknown): value is PullResponse {
  if (!isPlainObject(value) || !hasOnlyKeys(value, PULL_RESPONSE_KEYS)) return false;
  const { changes, cursor } = value;
  return (
    isArrayOf(changes, isRemoteRecord) &&
    isCursor(cursor) &&
    typeof value.hasMore === 'boolean' &&
    Number.isFinite(value.serverTime)
  );
}

const RESULT_KEYS = new Set(['changeId', 'outcome', 'code', 'current']);
const PUSH_RESPONSE_KEYS = new Set(['batchId', 'replayed', 'serverTime', 'results']);

function isChangeResult(value: unknown): boolean {
  if (!isPlainObject(value) || !hasOnlyKeys(value, RESULT_KEYS)) return false;
  return (
    isUuid(value.changeId) &&
    OUTCOMES.has(value.outcome) &&
    (!('code' in value) || ERROR_CODE_SET.has(value.code)) &&
    (!('current' in value) || value.current === null || isRemoteRecord(value.current))
  );
}

export function isPushResponse(value: unknown): value is PushResponse {
  if (!isPlainObject(value) || !hasOnlyKeys(value, PUSH_RESPONSE_KEYS)) return false;
  const { results } = value;
  return (
    isUuid(value.batchId) &&
    (!('replayed' in value) || value.replayed === true) &&
    Number.isFinite(value.serverTime) &&
    isArrayOf(results, isChangeResult)
  );
}

/**
 * `schema.safeParse(value)`, answered without the schema when `accepts(value)` vouches that the
 * schema would return the value as it is.
 */
export function safeParseWith<S extends z.ZodType>(
  schema: S,
  accepts: ((value: unknown) => boolean) | undefined,
  value: unknown,
): z.ZodSafeParseResult<z.output<S>> {
  if (accepts?.(value)) return { success: true, data: value as z.output<S> };
  return schema.safeParse(value);
}
