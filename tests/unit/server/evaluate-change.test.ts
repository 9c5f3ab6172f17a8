import { describe, expect, it } from 'vitest';
import { MAX_CLOCK_SKEW_MS } from '@shared/sync/protocol';
import { evaluateChange } from '../../../server/sync/evaluate-change';
import { patientFields, stamp, upsert } from '../../helpers/sync/records';

const now = Date.UTC(2026, 0, 15, 9);
const context = { role: 'staff' as const, patientId: null, schemaVersion: 1, now };
const id = '0190f5c2-0000-7000-8000-000000000001';

describe('deciding one change', () => {
  it('accepts stamps up to five minutes ahead of the server, and no further', () => {
    const at = (ms: number) => {
      const change = upsert('patients', id, id, patientFields(), stamp(now - 1000));
      change.fieldHlc.notes = stamp(ms);
      return evaluateChange(null, change, context).outcome;
    };
    expect(at(now + MAX_CLOCK_SKEW_MS)).toBe('applied');
    const late = upsert('patients', id, id, patientFields(), stamp(now - 1000));
    late.fieldHlc.notes = stamp(now + MAX_CLOCK_SKEW_MS + 1);
    expect(evaluateChange(null, late, context)).toMatchObject({
      outcome: 'rejected',
      code: 'CLOCK_SKEW',
    });
    expect(at(now - 1)).toBe('applied');
  });

  it('treats the same write twice as nothing new', () => {
    const change = upsert('patients', id, id, patientFields(), stamp(now));
    const first = evaluateChange(null, change, context);
    if (first.outcome !== 'applied') throw new Error('not applied');
    const stored = {
      id,
      table: 'patients',
      patientId: id,
      data: first.data,
      hlc: first.hlc,
      seq: 1,
    };
    expect(evaluateChange(stored, change, context)).toEqual({ outcome: 'superseded' });
  });
});
