import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatHlc, hlcWallMs, observe, parseHlc, tick } from '@shared/sync/hlc';
import { mergeFields } from '@shared/sync/merge';

const DEVICE = '0190a000-0000-7000-8000-000000000001';

describe('hybrid logical clock', () => {
  it('formats stamps whose string order is their time order', () => {
    const a = formatHlc({ ms: 1_700_000_000_000, c: 9 }, DEVICE);
    const b = formatHlc({ ms: 1_700_000_000_000, c: 10 }, DEVICE);
    const c = formatHlc({ ms: 1_700_000_000_001, c: 0 }, DEVICE);
    expect(a < b && b < c).toBe(true);
    expect(parseHlc(a)).toEqual({ ms: 1_700_000_000_000, c: 9, deviceId: DEVICE });
    expect(hlcWallMs('garbage')).toBeNaN();
  });

  it('never goes backwards, whatever the wall clock does', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ local: fc.integer({ min: 0, max: 2e12 }) }),
            fc.record({
              remoteMs: fc.integer({ min: 0, max: 2e12 }),
              remoteC: fc.integer({ min: 0, max: 99_999 }),
              now: fc.integer({ min: 0, max: 2e12 }),
            }),
          ),
          { maxLength: 200 },
        ),
        (events) => {
          let state = { ms: 0, c: 0 };
          let previous = formatHlc(state, DEVICE);
          for (const event of events) {
            state =
              'local' in event
                ? tick(state, event.local)
                : observe(state, { ms: event.remoteMs, c: event.remoteC }, event.now);
            const stamp = formatHlc(state, DEVICE);
            expect(stamp > previous).toBe(true);
            expect(state.c).toBeLessThanOrEqual(99_999);
            if (!('local' in event))
              expect(stamp > formatHlc({ ms: event.remoteMs, c: event.remoteC }, DEVICE)).toBe(
                true,
              );
            previous = stamp;
          }
        },
      ),
    );
  });
});

describe('field merge (SYNC-PROTOCOL §7)', () => {
  const s = (ms: number) => formatHlc({ ms, c: 0 }, DEVICE);

  it('takes a field only with a newer stamp; equal stamps change nothing', () => {
    const stored = { data: { a: 1, b: 1 }, hlc: { a: s(10), b: s(10) } };
    const merged = mergeFields(stored, { a: 2, b: 2, c: 3 }, { a: s(11), b: s(9), c: s(1) });
    expect(merged).toEqual({
      data: { a: 2, b: 1, c: 3 },
      hlc: { a: s(11), b: s(10), c: s(1) },
      changedFields: ['a', 'c'],
    });
    expect(mergeFields(merged, { a: 2 }, { a: s(11) }).changedFields).toEqual([]);
  });

  it('converges whatever order the same changes arrive in', () => {
    const change = fc.record({
      field: fc.constantFrom('a', 'b', 'c'),
      value: fc.integer(),
      ms: fc.integer({ min: 1, max: 50 }),
    });
    fc.assert(
      fc.property(
        fc.array(change, { maxLength: 30 }),
        fc.infiniteStream(fc.double()),
        (changes, noise) => {
          const unique = changes.filter(
            (candidate, index) =>
              changes.findIndex(
                (other) => other.field === candidate.field && other.ms === candidate.ms,
              ) === index,
          );
          const apply = (order: typeof unique) =>
            order.reduce<{ data: Record<string, unknown>; hlc: Record<string, string> }>(
              (state, next) =>
                mergeFields(state, { [next.field]: next.value }, { [next.field]: s(next.ms) }),
              { data: {}, hlc: {} },
            );
          const random = noise.take(unique.length);
          const keys = [...random];
          const shuffled = unique
            .map((item, index) => ({ item, key: keys[index] ?? 0 }))
            .sort((x, y) => x.key - y.key)
            .map(({ item }) => item);
          const a = apply(unique);
          const b = apply(shuffled);
          expect(b.data).toEqual(a.data);
          expect(b.hlc).toEqual(a.hlc);
        },
      ),
    );
  });
});
