import { describe, expect, it } from 'vitest';
import { DB_VERSION, DatabaseTooNewError, openDatabase } from '../../../renderer/src/db/database';
import { V1_STORES } from '../../../renderer/src/db/versions/v1';
import { freshIndexedDb } from '../../helpers/test-db';

function rawOpen(
  factory: IDBFactory,
  name: string,
  version: number,
  upgrade?: (db: IDBDatabase) => void,
): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(name, version);
    request.onupgradeneeded = () => upgrade?.(request.result);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('open failed'));
  });
}

describe('database versions', () => {
  it('creates version 1 from nothing with every table and index', async () => {
    const idb = freshIndexedDb();
    const db = await openDatabase('upgrade-v1', idb);
    expect(db.verno).toBe(1);
    expect(db.tables.map((table) => table.name).sort()).toEqual(Object.keys(V1_STORES).sort());
    expect(db.vitals.schema.indexes.map((index) => index.name)).toEqual(['[patientId+takenAt]']);
    expect(db.patients.schema.indexes.find((index) => index.name === '_search')?.multi).toBe(true);
    db.close();
  });

  it('is at the version this build writes', () => {
    expect(DB_VERSION).toBe(1);
  });

  it('refuses data written by a newer HealthDesk, and leaves it untouched', async () => {
    const idb = freshIndexedDb();
    // Dexie multiplies its version by 10 on disk; 990 is what a version 99 app would have written.
    const future = await rawOpen(idb.indexedDB, 'from-the-future', 990, (raw) => {
      raw.createObjectStore('patients', { keyPath: 'id' }).put({ id: 'p1', givenName: 'Kept' });
      raw.createObjectStore('somethingNew', { keyPath: 'id' });
    });
    future.close();
    await expect(openDatabase('from-the-future', idb)).rejects.toBeInstanceOf(DatabaseTooNewError);
    const after = await rawOpen(idb.indexedDB, 'from-the-future', 990);
    expect([...after.objectStoreNames].sort()).toEqual(['patients', 'somethingNew']);
    const kept = await new Promise((resolve) => {
      const request = after.transaction('patients').objectStore('patients').get('p1');
      request.onsuccess = () => resolve(request.result);
    });
    expect(kept).toEqual({ id: 'p1', givenName: 'Kept' });
    after.close();
  });
});
