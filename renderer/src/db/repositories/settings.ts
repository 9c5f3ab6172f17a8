import type { UnitPreferences } from '@shared/domain/units';
import { CANONICAL_UNITS } from '@shared/domain/units';
import type { HealthDeskDb } from '../database';

export type AppMode = 'clinic' | 'personal';

/**
 * Settings that describe the records live with them in the database (not in the main process):
 * a fresh profile or the demo clinic then never disagrees with its own data.
 */
export interface LocalSettings {
  mode: AppMode | null;
  units: UnitPreferences;
  /** Who is recording readings on this device (a staff member's name, or the user). */
  enteredBy: string;
  /** In personal mode, the profile shown first ("me"). */
  selfPatientId: string | null;
}

export const DEFAULT_SETTINGS: LocalSettings = {
  mode: null,
  units: CANONICAL_UNITS,
  enteredBy: '',
  selfPatientId: null,
};

export async function loadSettings(db: HealthDeskDb): Promise<LocalSettings> {
  const rows = await db.settings.toArray();
  const saved = Object.fromEntries(
    rows.map((row) => [row.key, row.value]),
  ) as Partial<LocalSettings>;
  return {
    mode: saved.mode === 'clinic' || saved.mode === 'personal' ? saved.mode : null,
    units: { ...CANONICAL_UNITS, ...(saved.units ?? {}) },
    enteredBy: typeof saved.enteredBy === 'string' ? saved.enteredBy : '',
    selfPatientId: typeof saved.selfPatientId === 'string' ? saved.selfPatientId : null,
  };
}

export async function saveSettings(
  db: HealthDeskDb,
  changes: Partial<LocalSettings>,
): Promise<void> {
  await db.settings.bulkPut(Object.entries(changes).map(([key, value]) => ({ key, value })));
}
