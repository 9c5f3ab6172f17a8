import { lineEnd, skipWord, wholeNumbers } from './fields';

/** Cumulative CPU time counters of one CPU (or all of them), in clock ticks. */
export interface CpuTicks {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
}

export interface ProcStat {
  total: CpuTicks;
  /** By CPU number; offline CPUs are absent, as in the file. */
  cores: Map<number, CpuTicks>;
}

/**
 * Parses /proc/stat's `cpu` lines (see proc(5)). They come first; the rest (interrupt counters,
 * thousands of numbers on a big machine) is never split. Guest time is already counted in user
 * and nice, so it is not added again.
 */
export function parseProcStat(text: string): ProcStat {
  let total: CpuTicks | null = null;
  const cores = new Map<number, CpuTicks>();
  for (let start = 0; text.startsWith('cpu', start);) {
    const end = lineEnd(text, start);
    const nameEnd = skipWord(text, start, end);
    const name = text.slice(start, nameEnd);
    const fields = wholeNumbers(text, nameEnd, end);
    if (!fields || fields.length < 4) {
      throw new Error(`Unreadable line in /proc/stat: ${text.slice(start, end).slice(0, 80)}`);
    }
    start = end + 1;
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] =
      fields;
    const ticks = { user, nice, system, idle, iowait, irq, softirq, steal };
    if (name === 'cpu') total = ticks;
    else cores.set(Number(name.slice(3)), ticks);
  }
  if (!total) throw new Error('/proc/stat has no cpu line');
  return { total, cores };
}
