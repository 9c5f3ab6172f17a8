import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

/**
 * CPU time a Linux process has used, in seconds: each of its threads' run time from
 * /proc/<pid>/task/<tid>/schedstat (nanoseconds, exact: the clock-tick counts in
 * /proc/<pid>/stat miss short bursts such as a 1 Hz sampler's), plus the children it has
 * waited for (systeminformation's `cat`, `df`...), which only /proc/<pid>/stat keeps.
 */
export function processCpuSeconds(pid: number): number {
  let threads = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      threads += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which may itself hold spaces and parentheses.
  const fields = stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .map(Number);
  const [cutime = 0, cstime = 0] = fields.slice(13, 15);
  return threads / 1e9 + (cutime + cstime) / CLOCK_TICKS_PER_SECOND;
}
