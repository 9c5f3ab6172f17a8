import { lineEnd, skipBlanks, skipWord, wholeNumbers } from './fields';

export interface MemoryReading {
  totalBytes: number;
  availableBytes: number;
  usedBytes: number;
  swapTotalBytes: number;
  swapUsedBytes: number;
}

const KEYS = new Set([
  'MemTotal',
  'MemAvailable',
  'MemFree',
  'Buffers',
  'Cached',
  'SReclaimable',
  'SwapTotal',
  'SwapFree',
]);

/**
 * Parses /proc/meminfo (values in KiB). Used memory is total minus available, as `free` and
 * system monitors show it. Kernels before 3.14 have no MemAvailable: it is estimated the way
 * the kernel itself first did.
 */
export function parseMeminfo(text: string): MemoryReading {
  const kib = new Map<string, number>();
  for (let start = 0; start < text.length;) {
    const end = lineEnd(text, start);
    const colon = text.indexOf(':', start);
    const key = colon > start && colon < end ? text.slice(start, colon) : '';
    if (KEYS.has(key)) {
      // "MemTotal:       24684092 kB": the first field after the colon.
      const from = skipBlanks(text, colon + 1, end);
      const value = wholeNumbers(text, from, skipWord(text, from, end))?.[0];
      if (value !== undefined) kib.set(key, value);
      // All of them sit near the top: the fifty lines below are not read.
      if (kib.size === KEYS.size) break;
    }
    start = end + 1;
  }
  const total = kib.get('MemTotal');
  if (total === undefined || total <= 0) throw new Error('/proc/meminfo has no MemTotal');
  const available =
    kib.get('MemAvailable') ??
    (kib.get('MemFree') ?? 0) +
      (kib.get('Buffers') ?? 0) +
      (kib.get('Cached') ?? 0) +
      (kib.get('SReclaimable') ?? 0);
  const swapTotal = kib.get('SwapTotal') ?? 0;
  const swapFree = kib.get('SwapFree') ?? swapTotal;
  const clampedAvailable = Math.min(available, total);
  return {
    totalBytes: total * 1024,
    availableBytes: clampedAvailable * 1024,
    usedBytes: (total - clampedAvailable) * 1024,
    swapTotalBytes: swapTotal * 1024,
    swapUsedBytes: Math.max(0, swapTotal - swapFree) * 1024,
  };
}
