/**
 * Something that runs while at least one view needs it: `open` starts it when the first user
 * arrives and its returned function stops it when the last one leaves. Views call `acquire` on
 * mount and `release` on unmount, so nothing runs for a view that is not open.
 */
export function refCounted(open: () => () => void): {
  acquire(): void;
  release(): void;
  readonly users: number;
} {
  let users = 0;
  let close: (() => void) | null = null;
  return {
    acquire() {
      users++;
      if (users === 1) close = open();
    },
    release() {
      if (users === 0) return;
      users--;
      if (users === 0) {
        close?.();
        close = null;
      }
    },
    get users() {
      return users;
    },
  };
}
