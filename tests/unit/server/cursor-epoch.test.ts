import { describe, expect, it } from 'vitest';
import { cursorEpochMismatch, formatCursorEpoch } from '../../../server/sync/cursor-epoch';

describe('cursor epochs', () => {
  const parts = { serverEpoch: 'e1', scopeVersion: 3, tablesGeneration: 1 };

  it('accepts its own epoch and names what changed otherwise', () => {
    const epoch = formatCursorEpoch(parts);
    expect(cursorEpochMismatch(epoch, parts)).toBeNull();
    expect(cursorEpochMismatch(epoch, { ...parts, serverEpoch: 'e2' })).toBe('epoch');
    expect(cursorEpochMismatch(epoch, { ...parts, scopeVersion: 4 })).toBe('scope');
    expect(cursorEpochMismatch(epoch, { ...parts, tablesGeneration: 2 })).toBe('schema');
    expect(cursorEpochMismatch('e1', parts)).toBe('scope');
    expect(cursorEpochMismatch('e1.3.1.9', parts)).toBe('epoch');
    expect(cursorEpochMismatch('', parts)).toBe('epoch');
  });
});
