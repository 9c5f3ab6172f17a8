import type { HealthDeskDb } from '../../../renderer/src/db/database';
import { allDailySummaries } from '../../../renderer/src/db/summaries';
import { outboxProblems } from './outbox-problems';
import { clockProblems, correctionProblems } from './record-problems';
import { latestProblems, summaryProblems } from './summary-problems';

/** What the crash test needs to know of each reading to check acknowledged writes. */
export interface ReadingDigest {
  id: string;
  patientId: string;
  notes: string;
  status: string;
  supersedes: string | null;
  supersededBy: string | null;
}

export interface Inspection {
  patientIds: string[];
  readings: ReadingDigest[];
  outboxEntries: number;
  /** Every way the database disagrees with itself; empty when it is whole. */
  problems: string[];
}

/** Reads everything in one transaction, so the checks see one consistent state. */
export async function inspectDatabase(db: HealthDeskDb): Promise<Inspection> {
  const tables = [
    db.patients,
    db.vitals,
    db.vitalsMonthly,
    db.vitalsLatest,
    db._outbox,
    db._syncState,
  ];
  const [patients, readings, daily, latest, outbox, clock] = await db.transaction('r', tables, () =>
    Promise.all([
      db.patients.toArray(),
      db.vitals.toArray(),
      allDailySummaries(db),
      db.vitalsLatest.toArray(),
      db._outbox.toArray(),
      db._syncState.get('hlc'),
    ]),
  );
  return {
    patientIds: patients.map((patient) => patient.id),
    readings: readings.map(({ id, patientId, notes, status, supersedes, supersededBy }) => ({
      id,
      patientId,
      notes,
      status,
      supersedes,
      supersededBy,
    })),
    outboxEntries: outbox.length,
    problems: [
      ...outboxProblems({ patients, vitals: readings }, outbox),
      ...correctionProblems(readings),
      ...summaryProblems(readings, daily),
      ...latestProblems(readings, latest),
      ...clockProblems(clock?.value, [...patients, ...readings], outbox),
    ],
  };
}
