/**
 * Clock stamps as kept on this device: compact (shared/sync/stamps.ts), one stamp under "*" and
 * their own for fields changed later. A reading is about 40 % smaller that way. Here "*" speaks
 * only for the fields a record has, never for the delete flag (`_hlc._deleted` is always its own):
 * see docs/sync-protocol.md, "Compact stamps on the device".
 */
export {
  ALL_FIELDS,
  expandStamps,
  perFieldStamps,
  stampOf,
  stampsForFields,
} from '@shared/sync/stamps';

/** The synced fields of a record: everything but its keys and this device's own "_" fields. */
export function syncedFields(record: object): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const source = record as Record<string, unknown>;
  for (const key in source) {
    if (!Object.hasOwn(source, key)) continue;
    if (key === 'id' || key === 'patientId' || key.startsWith('_')) continue;
    fields[key] = source[key];
  }
  return fields;
}
