import type { FieldIssue } from '@shared/domain/issues';

/** A write refused because of what was entered; `issues` say which field and why. */
export class ValidationError extends Error {
  readonly issues: FieldIssue[];

  constructor(issues: FieldIssue[]) {
    super(`Invalid input: ${issues.map((issue) => `${issue.field} ${issue.code}`).join(', ')}`);
    this.name = 'ValidationError';
    this.issues = issues;
  }
}

export class NotFoundError extends Error {
  constructor(what: string) {
    super(`${what} was not found`);
    this.name = 'NotFoundError';
  }
}

/** What went wrong with a write, in terms the UI can explain (a full disk is not a typo). */
export type WriteFailure = 'validation' | 'not-found' | 'storage-full' | 'storage' | 'unknown';

export function classifyWriteError(error: unknown): WriteFailure {
  if (error instanceof ValidationError) return 'validation';
  if (error instanceof NotFoundError) return 'not-found';
  if (!(error instanceof Error)) return 'unknown';
  const inner = (error as Error & { inner?: unknown }).inner;
  const names = [error.name, inner instanceof Error ? inner.name : ''];
  if (names.some((name) => name === 'QuotaExceededError')) return 'storage-full';
  if (
    names.some((name) =>
      /^(AbortError|UnknownError|InvalidStateError|DatabaseClosedError|OpenFailedError)$/.test(
        name,
      ),
    )
  )
    return 'storage';
  return 'unknown';
}
