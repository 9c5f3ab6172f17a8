import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { localDay } from '@shared/domain/dates';
import type { PatientInput } from '@shared/domain/patient';
import { useLiveQuery } from '../composables/use-live-query';
import { useDatabase } from '../db/provide';
import {
  createPatient,
  getPatient,
  searchPatients,
  setArchived,
  updatePatient,
} from '../db/repositories/patients';
import type { PatientRecord } from '../db/types';
import { useSessionStore } from './session';

/** Finding, creating and editing patients (in personal mode: the user's profiles). */
export const usePatientsStore = defineStore('patients', () => {
  const db = useDatabase();
  const session = useSessionStore();
  const query = ref('');
  const includeArchived = ref(false);

  const search = useLiveQuery(
    () => [query.value, includeArchived.value] as const,
    ([text, archived]) => searchPatients(db, text, { includeArchived: archived, limit: 200 }),
    [] as PatientRecord[],
  );
  const results = computed(() => search.value.value);
  const searching = computed(() => search.loading.value);

  function context() {
    const now = Date.now();
    return { now, today: localDay(now) };
  }

  function create(input: PatientInput): Promise<PatientRecord> {
    return createPatient(db, input, {
      ...context(),
      relationship: session.mode === 'personal' ? 'family' : null,
    });
  }

  function update(id: string, input: PatientInput): Promise<PatientRecord> {
    return updatePatient(db, id, input, context());
  }

  function archive(id: string, archived: boolean): Promise<PatientRecord> {
    return setArchived(db, id, archived, Date.now());
  }

  function find(id: string): Promise<PatientRecord | undefined> {
    return getPatient(db, id);
  }

  return { query, includeArchived, results, searching, create, update, archive, find };
});
