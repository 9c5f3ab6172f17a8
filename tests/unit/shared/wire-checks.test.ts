import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { syncMethods } from '@shared/contract/sync';
import { acceptsOk, resultSchema } from '@shared/contract/result';
import { formatHlc, hlcSchema } from '@shared/sync/hlc';
import {
  pullResponseSchema,
  pushRequestSchema,
  pushResponseSchema,
  ERROR_CODES,
} from '@shared/sync/protocol';
import {
  isJsonObject,
  isPullResponse,
  isPushRequest,
  isPushResponse,
  isStampRecord,
} from '@shared/sync/wire-checks';

const uuid = fc.oneof(
  fc.uuid(),
  fc.uuid().map((id) => id.toUpperCase()),
);
const stamp = fc
  .tuple(
    fc.integer({ min: 0, max: 999_999_999_999_999 }),
    fc.integer({ min: 0, max: 99_999 }),
    fc.stringMatching(/^[0-9a-z-]{1,40}$/),
  )
  .map(([ms, c, device]) => formatHlc({ ms, c }, device));
const fieldName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,12}$/);
const tableName = fc.stringMatching(/^[a-z][a-zA-Z0-9_]{0,12}$/);

const upsert = fc
  .tuple(
    uuid,
    tableName,
    uuid,
    fc.option(uuid),
    fc.dictionary(fieldName, fc.jsonValue(), { minKeys: 1, maxKeys: 6 }),
    stamp,
  )
  .chain(([changeId, table, id, patientId, fields, first]) =>
    fc
      .tuple(
        fc.array(fc.option(stamp), {
          minLength: Object.keys(fields).length,
          maxLength: Object.keys(fields).length,
        }),
        fc.boolean(),
      )
      .map(([stamps, compact]) => {
        const own = Object.keys(fields).map((key, i) => [key, stamps[i] ?? null] as const);
        // Compact: "*" for the fields without a stamp of their own; else one stamp per field.
        const entries: [string, string][] = compact ? [['*', first]] : [];
        for (const [key, value] of own) {
          if (value !== null) entries.push([key, value]);
          else if (!compact) entries.push([key, first]);
        }
        const fieldHlc = Object.fromEntries(entries);
        return { changeId, op: 'upsert' as const, table, id, patientId, fields, fieldHlc };
      }),
  );
const remove = fc.record({
  changeId: uuid,
  op: fc.constant('delete' as const),
  table: tableName,
  id: uuid,
  patientId: fc.option(uuid),
  hlc: stamp,
});
const cursor = fc.record({ epoch: fc.string({ minLength: 1, maxLength: 12 }), seq: fc.nat() });
const pushRequest = fc.record(
  {
    protocolVersion: fc.constant(1),
    schemaVersion: fc.integer({ min: 1, max: 5 }),
    batchId: uuid,
    changes: fc.array(fc.oneof(upsert, remove), { minLength: 1, maxLength: 8 }),
    cursor: fc.option(cursor),
  },
  { requiredKeys: ['protocolVersion', 'schemaVersion', 'batchId', 'changes'] },
);

const remoteRecord = fc.record({
  id: uuid,
  table: tableName,
  patientId: fc.option(uuid),
  deleted: fc.boolean(),
  data: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue()),
  hlc: fc.dictionary(fc.string({ maxLength: 8 }), stamp),
  seq: fc.integer({ min: 1, max: 2 ** 40 }),
});
const pullResponse = fc.record(
  {
    changes: fc.array(remoteRecord, { maxLength: 6 }),
    cursor,
    hasMore: fc.boolean(),
    serverTime: fc.integer({ min: 0, max: 2e12 }),
  },
  { requiredKeys: ['changes', 'cursor', 'hasMore', 'serverTime'] },
);
const pushResponse = fc.record(
  {
    batchId: uuid,
    replayed: fc.constant(true as const),
    serverTime: fc.integer({ min: 0, max: 2e12 }),
    results: fc.array(
      fc.record(
        {
          changeId: uuid,
          outcome: fc.constantFrom('applied' as const, 'superseded' as const, 'rejected' as const),
          code: fc.constantFrom(...ERROR_CODES),
          current: fc.option(remoteRecord),
        },
        { requiredKeys: ['changeId', 'outcome'] },
      ),
      { maxLength: 6 },
    ),
  },
  { requiredKeys: ['batchId', 'serverTime', 'results'] },
);

/** JSON-like copies: what arrives from JSON.parse or a structured clone. */
const copy = <T>(value: T): T => structuredClone(value);

/** Every object or array inside a value, with the path to it. */
function containers(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [];
  const found = [path];
  for (const [key, child] of Object.entries(value))
    found.push(...containers(child, [...path, Array.isArray(value) ? Number(key) : key]));
  return found;
}

const oddValues: unknown[] = [
  undefined,
  null,
  0,
  -1,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  2 ** 60,
  '',
  'x',
  'not-a-stamp',
  '000000000000001:00001:Dev',
  '01234567-89ab-cdef-0123-456789abcdeg',
  true,
  [],
  {},
  { a: 1 },
  new Date(0),
  new Map(),
];

/** A copy of `value` with one thing changed somewhere inside: a value, a missing or an extra key. */
function mutate(value: unknown, pick: number, kind: number, odd: number, key: string): unknown {
  const result = copy(value);
  const paths = containers(result);
  const path = paths[pick % paths.length] ?? [];
  let target = result as Record<string | number, unknown>;
  for (const step of path) target = target[step] as Record<string | number, unknown>;
  const keys = Object.keys(target);
  const existing = keys[pick % Math.max(1, keys.length)];
  if (kind === 0 && existing !== undefined) Reflect.deleteProperty(target, existing);
  else if (kind === 1) target[key] = oddValues[odd % oddValues.length];
  else if (kind === 2)
    Object.defineProperty(target, '__proto__', { value: {}, enumerable: true, writable: true });
  else if (existing !== undefined) target[existing] = oddValues[odd % oddValues.length];
  return result;
}

const cases: [string, fc.Arbitrary<unknown>, (value: unknown) => boolean, z.ZodType][] = [
  ['push request', pushRequest, isPushRequest, pushRequestSchema],
  ['pull response', pullResponse, isPullResponse, pullResponseSchema],
  ['push response', pushResponse, isPushResponse, pushResponseSchema],
  [
    'stored record data',
    fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue()),
    isJsonObject,
    z.record(z.string(), z.unknown()),
  ],
  [
    'stored stamps',
    fc.dictionary(fc.string({ maxLength: 8 }), stamp),
    isStampRecord,
    z.record(z.string(), hlcSchema),
  ],
];

describe.each(cases)('the quick check of a %s', (_name, arbitrary, accepts, schema) => {
  it('accepts every well-formed message, which the schema returns unchanged', () => {
    fc.assert(
      fc.property(arbitrary, (message) => {
        const value = copy(message);
        expect(accepts(value)).toBe(true);
        const parsed = schema.safeParse(value);
        expect(parsed.success).toBe(true);
        expect(parsed.data).toEqual(value);
      }),
      { numRuns: 300 },
    );
  });

  it('vouches only for messages the schema accepts as they are, however they are damaged', () => {
    fc.assert(
      fc.property(
        arbitrary,
        fc.nat(),
        fc.nat({ max: 3 }),
        fc.nat(),
        fc.constantFrom('extra', 'op', 'id', 'fields', 'seq', 'code', 'hasMore', '*'),
        (message, pick, kind, odd, key) => {
          const damaged = mutate(message, pick, kind, odd, key);
          if (!accepts(damaged)) return;
          const parsed = schema.safeParse(damaged);
          expect(parsed.success).toBe(true);
          expect(parsed.data).toStrictEqual(damaged);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('quick checks in the host contract', () => {
  const change = {
    changeId: '0190a000-0000-7000-8000-000000000001',
    op: 'upsert',
    table: 'vitals',
    id: '0190a000-0000-7000-8000-000000000002',
    patientId: null,
    fields: { heartRate: 70 },
    fieldHlc: { heartRate: '001700000000000:00000:dev' },
  };
  const batch = {
    protocolVersion: 1,
    schemaVersion: 1,
    batchId: '0190a000-0000-7000-8000-000000000003',
    changes: [change],
  };

  it('leave to the schema what they cannot vouch for', () => {
    expect(isPushRequest(batch)).toBe(true);
    expect(isPushRequest({ ...batch, extra: 1 })).toBe(false);
    expect(isPushRequest({ ...batch, changes: [{ ...change, fieldHlc: {} }] })).toBe(false);
    const stamp = change.fieldHlc.heartRate;
    const compact = (fieldHlc: object) => ({ ...batch, changes: [{ ...change, fieldHlc }] });
    expect(isPushRequest(compact({ '*': stamp }))).toBe(true);
    expect(isPushRequest(compact({ '*': stamp, heartRate: stamp }))).toBe(true);
    expect(isPushRequest(compact({ '*': stamp, spo2: stamp }))).toBe(false);
    expect(pushRequestSchema.safeParse(compact({ '*': stamp, spo2: stamp })).success).toBe(false);
    expect(isPushRequest(compact({ '*': 'not a stamp' }))).toBe(false);
    expect(
      isPushRequest({
        ...batch,
        changes: [{ ...change, fields: JSON.parse('{"__proto__": 1}') as unknown }],
      }),
    ).toBe(false);
    expect(isPushRequest({ ...batch, changes: [] })).toBe(false);
    expect(isPushRequest({ ...batch, changes: Array.from({ length: 501 }, () => change) })).toBe(
      false,
    );
  });

  it('cover an ok call result and its envelope', () => {
    const response = { batchId: batch.batchId, serverTime: 1, results: [] };
    const accepts = syncMethods['sync.push'].accepts?.response;
    expect(accepts?.({ outcome: 'ok', status: 200, body: response })).toBe(true);
    expect(accepts?.({ outcome: 'ok', status: 200, body: { ...response, more: 1 } })).toBe(false);
    expect(accepts?.({ outcome: 'not-paired' })).toBe(false);
    const envelope = acceptsOk((value) => accepts?.(value) ?? false);
    const value = { outcome: 'ok', status: 200, body: response };
    expect(envelope({ ok: true, value })).toBe(true);
    expect(envelope({ ok: true, value, extra: 1 })).toBe(false);
    expect(
      resultSchema(syncMethods['sync.push'].response).safeParse({ ok: true, value }).success,
    ).toBe(true);
  });
});
