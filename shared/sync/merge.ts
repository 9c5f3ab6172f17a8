/**
 * The conflict rules of SYNC-PROTOCOL.md §7, used by the server when it applies a push and by a
 * device when it applies a pull, so both sides decide every field the same way.
 */
export type FieldValues = Record<string, unknown>;
export type FieldStamps = Record<string, string>;

export interface MergeResult {
  data: FieldValues;
  hlc: FieldStamps;
  /** Fields whose value or stamp the incoming change won. */
  changedFields: string[];
}

/**
 * Field merge (§7.1): a field takes the incoming value iff it has no stamp yet or the incoming
 * stamp is greater. Equal stamps are the same write, so applying a change twice changes nothing.
 * A delete is the field `_deleted` merged by the same rule (§7.2).
 */
export function mergeFields(
  stored: { data: FieldValues; hlc: FieldStamps } | null,
  fields: FieldValues,
  fieldHlc: FieldStamps,
): MergeResult {
  const data: FieldValues = { ...(stored?.data ?? {}) };
  const hlc: FieldStamps = { ...(stored?.hlc ?? {}) };
  const changedFields: string[] = [];
  for (const [field, value] of Object.entries(fields)) {
    const incoming = fieldHlc[field];
    if (incoming === undefined) continue;
    const current = hlc[field];
    if (current === undefined || incoming > current) {
      data[field] = value;
      hlc[field] = incoming;
      changedFields.push(field);
    }
  }
  return { data, hlc, changedFields };
}

/** A record is deleted iff its `_deleted` field is true; later edits do not bring it back. */
export function isDeleted(data: FieldValues): boolean {
  return data._deleted === true;
}
