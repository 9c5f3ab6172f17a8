import { describe, expect, it } from 'vitest';
import { cursorEpochMismatch, formatCursorEpoch } from '../../../server/sync/cursor-epoch';

describe('cursor epochs', () => {
  const parts = { serverEpoch: 'e1', scopeVersion: 3, tablesGeneration: 1 };

  it('accepts its own epoch and names what changed otherwise', () => {
    const epoch = formatCursorEpoch(parts);
    expect(cursorEpochMismatch(epoch, parts)).toBeNull();
    expect(cursorEpochMismatch(epoch, { ...parts, serverEpoch: 'e2' })).toBe('EPOCH_CHANGED');
    expect(cursorEpochMismatch(epoch, { ...parts, scopeVersion: 4 })).toBe('SCOPE_CHANGED');
    expect(cursorEpochMismatch(epoch, { ...parts, tablesGeneration: 2 })).toBe('SCHEMA_CHANGED');
    expect(cursorEpochMismatch('e1', parts)).toBe('SCOPE_CHANGED');
    expect(cursorEpochMismatch('e1.3.1.9', parts)).toBe('EPOCH_CHANGED');
    expect(cursorEpochMismatch('', parts)).toBe('EPOCH_CHANGED');
  });
});
