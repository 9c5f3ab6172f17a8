import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { localDay } from '@shared/domain/dates';
import type { PatientInput } from '@shared/domain/patient';
import { deleteDemoDatabase, openKind, setActiveDatabaseKind } from '../db/active-database';
import { generateDemoClinic } from '../db/demo';
import { useDatabase, useDatabaseKind } from '../db/provide';
import { createPatient } from '../db/repositories/patients';
import type { LocalSettings } from '../db/repositories/settings';
import { DEFAULT_SETTINGS, loadSettings, saveSettings } from '../db/repositories/settings';

/**
 * The session: which database is open (the user's or the demo clinic), its mode, units and who
 * is recording. Switching databases reloads the window, so every store starts clean.
 */
export const useSessionStore = defineStore('session', () => {
  const db = useDatabase();
  const kind = useDatabaseKind();
  const settings = ref<LocalSettings>(DEFAULT_SETTINGS);
  const demoProgress = ref<number | null>(null);

  const isDemo = computed(() => kind === 'demo');
  const mode = computed(() => settings.value.mode);
  const units = computed(() => settings.value.units);

  async function load(): Promise<void> {
    settings.value = await loadSettings(db);
  }

  async function update(changes: Partial<LocalSettings>): Promise<void> {
    await saveSettings(db, changes);
    settings.value = { ...settings.value, ...changes };
  }

  async function startClinic(enteredBy: string): Promise<void> {
    await update({ mode: 'clinic', enteredBy: enteredBy.trim() });
  }

  /** Personal mode starts with the user's own profile. */
  async function startPersonal(me: PatientInput): Promise<void> {
    const now = Date.now();
    const self = await createPatient(db, me, { now, today: localDay(now), relationship: 'self' });
    await update({
      mode: 'personal',
      enteredBy: `${self.givenName} ${self.familyName}`,
      selfPatientId: self.id,
    });
  }

  /** Builds the demo clinic in its own database and switches to it. */
  async function startDemo(reload: () => void): Promise<void> {
    demoProgress.value = 0;
    const demo = await openKind('demo');
    try {
      await generateDemoClinic(demo, {
        now: Date.now(),
        onProgress: (share) => {
          demoProgress.value = share;
        },
      });
    } finally {
      demo.close();
    }
    setActiveDatabaseKind(window.localStorage, 'demo');
    reload();
  }

  async function removeDemo(reload: () => void): Promise<void> {
    db.close();
    await deleteDemoDatabase();
    setActiveDatabaseKind(window.localStorage, 'real');
    reload();
  }

  return {
    settings,
    isDemo,
    mode,
    units,
    demoProgress,
    load,
    update,
    startClinic,
    startPersonal,
    startDemo,
    removeDemo,
  };
});
