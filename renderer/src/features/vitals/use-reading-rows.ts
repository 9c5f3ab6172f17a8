import Dexie from 'dexie';
import { onScopeDispose, ref, shallowRef, watch } from 'vue';
import type { WatchSource } from 'vue';
import type { HealthDeskDb } from '../../db/database';
import type { ReadingRow } from './reading-rows';
import { toRow } from './reading-rows';

const CHUNK = 2000;

/**
 * Loads a patient's readings since `from`, newest first, a chunk at a time so the first rows
 * show at once, and loads them again when readings change (here or in another window). The
 * rows shown stay until the new ones are ready, so the table never flickers empty.
 */
export function useReadingRows(db: HealthDeskDb, source: WatchSource<readonly [string, number]>) {
  const rows = shallowRef<ReadingRow[]>([]);
  const loading = ref(true);
  const complete = ref(false);
  const loaded = ref(0);
  let generation = 0;
  let current: readonly [string, number] | null = null;

  async function load(patientId: string, from: number): Promise<void> {
    const mine = ++generation;
    loading.value = true;
    complete.value = false;
    const collected: ReadingRow[] = [];
    let upper = Infinity;
    const seen = new Set<string>();
    for (;;) {
      const chunk = await db.vitals
        .where('[patientId+takenAt]')
        .between([patientId, from], [patientId, upper], true, true)
        .reverse()
        .limit(CHUNK)
        .toArray();
      if (mine !== generation) return;
      for (const reading of chunk) {
        if (seen.has(reading.id)) continue;
        seen.add(reading.id);
        collected.push(toRow(reading));
      }
      loaded.value = collected.length;
      if (collected.length <= CHUNK || chunk.length < CHUNK) rows.value = [...collected];
      if (chunk.length < CHUNK) break;
      const last = chunk[chunk.length - 1];
      if (!last) break;
      // Readings at exactly the same time straddling a chunk are fetched again and skipped.
      upper = last.takenAt;
      if (chunk.every((reading) => reading.takenAt === upper)) upper = upper - 1;
    }
    rows.value = collected;
    loading.value = false;
    complete.value = true;
  }

  const prefix = `idb://${db.name}/vitals/`;
  function onMutation(parts: Record<string, unknown>): void {
    if (current && Object.keys(parts).some((key) => key.startsWith(prefix)))
      void load(current[0], current[1]);
  }
  Dexie.on('storagemutated', onMutation);
  onScopeDispose(() => {
    generation++;
    Dexie.on('storagemutated').unsubscribe(onMutation);
  });

  watch(
    source,
    (next) => {
      current = next;
      rows.value = [];
      void load(next[0], next[1]);
    },
    { immediate: true },
  );

  return { rows, loading, complete, loaded };
}
