/**
 * A validation problem with one field, as a code the UI translates into plain words (with the
 * values it needs), rather than an English sentence.
 */
export interface FieldIssue {
  field: string;
  code:
    | 'required'
    | 'tooLong'
    | 'notANumber'
    | 'outOfRange'
    | 'systolicNotAboveDiastolic'
    | 'bothBloodPressureValues'
    | 'atLeastOneMeasure'
    | 'inFuture'
    | 'beforeBirth'
    | 'invalidDate'
    | 'invalidChoice'
    | 'invalidEmail'
    | 'tooOld'
    | 'duplicateMrn';
  params?: Record<string, string | number>;
}

export function issue(
  field: string,
  code: FieldIssue['code'],
  params?: FieldIssue['params'],
): FieldIssue {
  return params ? { field, code, params } : { field, code };
}
