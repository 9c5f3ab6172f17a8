import { describe, expect, it } from 'vitest';
import { readRecords } from '../../../../renderer/src/db/sync/read-records';
import type { ReadingRecord } from '../../../../renderer/src/db/types';
import { uuidv7 } from '../../../helpers/sync/ids';
import { readingFields } from '../../../helpers/sync/records';
import { openTestDb } from '../../../helpers/test-db';

function reading(id: string): ReadingRecord {
  return { id, patientId: 'p', ...readingFields(), _hlc: { '*': '001700000000000:00000:dev' } };
}

describe('reading records by id', () => {
  it('finds the stored ones among ids, whether their range holds few or many other records', async () => {
    const db = await openTestDb('read-records');
    const vitals = db.table<ReadingRecord, string>('vitals');
    const ids = Array.from({ length: 1000 }, () => uuidv7());
    expect((await readRecords(vitals, [])).size).toBe(0);
    expect((await readRecords(vitals, ids.slice(0, 50))).size).toBe(0);

    // Every third id stored: the range of 50 ids holds about 17 of them.
    await vitals.bulkPut(ids.filter((_, i) => i % 3 === 0).map(reading));
    const some = ids.slice(0, 50);
    const found = await readRecords(vitals, [...some, ...some]);
    expect([...found.keys()].sort()).toEqual(some.filter((_, i) => i % 3 === 0).sort());

    // Ids spread over the whole table: their range holds far more records than asked for.
    const spread = [ids[0] ?? '', ids[500] ?? '', ids[501] ?? '', ids[999] ?? ''];
    const spreadFound = await readRecords(vitals, spread);
    expect([...spreadFound.keys()].sort()).toEqual(
      spread.filter((id) => ids.indexOf(id) % 3 === 0).sort(),
    );
    expect(spreadFound.get(ids[999] ?? '')?.heartRate).toBe(72);
  });
});
