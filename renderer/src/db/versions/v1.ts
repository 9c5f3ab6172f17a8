/**
 * Version 1 of the local database. Kept as data, never importing live domain code: an old
 * version must keep describing the same schema forever.
 */
export const V1_STORES = {
  patients: 'id, familyName, mrn, *_search',
  vitals: 'id, [patientId+takenAt]',
  vitalsMonthly: '[patientId+month]',
  clinicDays: 'day',
  vitalsLatest: 'patientId',
  settings: 'key',
  _outbox: '++seqNo, changeId',
  _syncState: 'key',
  _rejections: 'changeId',
} as const;
