/**
 * The insert benchmark's baseline: plain IndexedDB, one object store with the same key and the
 * same `[patientId+takenAt]` index as our `vitals` table, a `put` per record, and the same
 * strict durability. No outbox, clock or summaries.
 */
export function openRawDatabase(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => {
      const store = request.result.createObjectStore('vitals', { keyPath: 'id' });
      store.createIndex('[patientId+takenAt]', ['patientId', 'takenAt']);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('open failed'));
  });
}

export function rawPutBatch(db: IDBDatabase, records: readonly object[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const transaction = db.transaction('vitals', 'readwrite', { durability: 'strict' });
    const store = transaction.objectStore('vitals');
    for (const record of records) store.put(record);
    transaction.oncomplete = () => resolve();
    transaction.onabort = () => reject(transaction.error ?? new Error('aborted'));
  });
}
