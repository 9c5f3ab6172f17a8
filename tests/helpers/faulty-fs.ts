import { appendFileSync } from 'node:fs';
import type { HistoryFs } from '../../electron/main/host-monitor/history/history-fs';
import { testHistoryFs } from './test-history-fs';

/**
 * The history file system of the tests (see testHistoryFs), with switches for faults: a full
 * disk (which, like a real one, may take part of a record before it refuses the rest) and
 * failing reads.
 */
export function faultyFs() {
  const real = testHistoryFs();
  const faults = { diskFull: false, tearBeforeFull: false, unreadable: new Set<string>() };
  let appends = 0;
  const fs: HistoryFs = {
    ...real,
    async appendDurably(file, text) {
      if (faults.diskFull) {
        if (faults.tearBeforeFull) appendFileSync(file, text.slice(0, Math.floor(text.length / 2)));
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
          code: 'ENOSPC',
        });
      }
      appends++;
      await real.appendDurably(file, text);
    },
    readText(file) {
      if ([...faults.unreadable].some((name) => file.endsWith(name)))
        return Promise.reject(Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' }));
      return real.readText(file);
    },
  };
  return { fs, faults, appends: () => appends };
}
