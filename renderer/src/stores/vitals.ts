import { defineStore } from 'pinia';
import type { FieldIssue } from '@shared/domain/issues';
import type { ReadingInput } from '@shared/domain/vitals';
import type { WriteFailure } from '../db/errors';
import { ValidationError, classifyWriteError } from '../db/errors';
import { useDatabase } from '../db/provide';
import {
  addReading,
  correctReading,
  importReadings,
  markEnteredInError,
  undoReadingChange,
} from '../db/repositories/readings';
import type { PatientRecord, ReadingRecord } from '../db/types';
import { useSessionStore } from './session';

export type WriteOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; failure: WriteFailure; issues: FieldIssue[]; reason: string };

async function attempt<T>(write: () => Promise<T>): Promise<WriteOutcome<T>> {
  try {
    return { ok: true, value: await write() };
  } catch (error) {
    return {
      ok: false,
      failure: classifyWriteError(error),
      issues: error instanceof ValidationError ? error.issues : [],
      reason: error instanceof Error ? error.message : String(error),
    };
  }
}

/** Recording, correcting and withdrawing readings; every outcome is a value the form can show. */
export const useVitalsStore = defineStore('vitals', () => {
  const db = useDatabase();
  const session = useSessionStore();

  function record(
    patient: PatientRecord,
    input: ReadingInput,
  ): Promise<WriteOutcome<ReadingRecord>> {
    return attempt(() =>
      addReading(db, patient, input, { now: Date.now(), enteredBy: session.settings.enteredBy }),
    );
  }

  function correct(
    patient: PatientRecord,
    oldId: string,
    input: ReadingInput,
  ): Promise<WriteOutcome<ReadingRecord>> {
    return attempt(() =>
      correctReading(db, patient, oldId, input, {
        now: Date.now(),
        enteredBy: session.settings.enteredBy,
      }),
    );
  }

  function markError(id: string, reason: string): Promise<WriteOutcome<ReadingRecord>> {
    return attempt(() => markEnteredInError(db, id, reason, Date.now()));
  }

  function undo(id: string, undoneReason: string): Promise<WriteOutcome<void>> {
    return attempt(() => undoReadingChange(db, id, Date.now(), undoneReason));
  }

  function importAll(
    patient: PatientRecord,
    inputs: ReadingInput[],
    onProgress: (written: number) => void,
  ): Promise<WriteOutcome<number>> {
    return attempt(() =>
      importReadings(
        db,
        patient,
        inputs,
        { now: Date.now(), enteredBy: session.settings.enteredBy, source: 'import' },
        onProgress,
      ),
    );
  }

  return { record, correct, markError, undo, importAll };
});
