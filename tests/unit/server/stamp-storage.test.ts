import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compactStamps,
  compactStoredStamps,
  expandStoredStamps,
} from '../../../server/sync/stamp-storage';

const field = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,10}$/);
const stamp = fc.constantFrom(
  '001700000000000:00000:a',
  '001700000000001:00000:b',
  '001700000000002:00003:c',
);

describe('stored stamps', () => {
  it('keep the commonest stamp once and give every field its own stamp back', () => {
    fc.assert(
      fc.property(fc.dictionary(field, stamp), (stamps) => {
        const data = Object.fromEntries(Object.keys(stamps).map((key) => [key, 1]));
        const compact = compactStamps(stamps);
        expect(Object.keys(compact).length).toBeLessThanOrEqual(
          Math.max(1, Object.keys(stamps).length),
        );
        expect(expandStoredStamps(compact, data)).toEqual(stamps);
      }),
    );
  });

  it('stores a record made in one go as one stamp', () => {
    const stamps = { a: 's1', b: 's1', c: 's1', d: 's2' };
    expect(compactStamps(stamps)).toEqual({ '*': 's1', d: 's2' });
    expect(compactStamps({ a: 's1' })).toEqual({ a: 's1' });
  });

  it('refuses stored stamps that leave a field without one', () => {
    expect(() => expandStoredStamps({ a: 's1' }, { a: 1, b: 2 })).toThrow(/no stamp for b/);
  });

  it('sends a device that reads "*" the stamps of the record’s own fields, and refuses the same gaps', () => {
    const data = { a: 1, b: 2 };
    expect(compactStoredStamps({ '*': 's1', b: 's2', gone: 's3' }, data)).toEqual({
      '*': 's1',
      b: 's2',
    });
    expect(compactStoredStamps({ a: 's1', b: 's2' }, data)).toEqual({ a: 's1', b: 's2' });
    expect(() => compactStoredStamps({ a: 's1' }, data)).toThrow(/no stamp for b/);
  });
});
