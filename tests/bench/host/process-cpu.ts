import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

/** The run time of one process's threads, from /proc/<pid>/task/<tid>/schedstat (nanoseconds). */
function threadsSeconds(pid: number): number {
  let nanoseconds = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      nanoseconds += Number(
        readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0],
      );
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return nanoseconds / 1e9;
}

/** The processes a process started that are still running. */
function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const listed = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      if (listed) children.push(...listed.split(' ').map(Number));
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return children;
}

/**
 * CPU time a Linux process has used, in seconds, with every process it started: each thread's
 * run time from schedstat (exact: the clock-tick counts in /proc/<pid>/stat miss short bursts
 * such as a 1 Hz sampler's), the running child processes (our sampler's own process) the same
 * way, and the children already waited for (systeminformation's `cat`, `df`...), which only
 * /proc/<pid>/stat keeps.
 */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which may itself hold spaces and parentheses.
  const fields = stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .map(Number);
  const [cutime = 0, cstime = 0] = fields.slice(13, 15);
  let seconds = threadsSeconds(pid) + (cutime + cstime) / CLOCK_TICKS_PER_SECOND;
  for (const child of childrenOf(pid)) {
    try {
      seconds += processCpuSeconds(child);
    } catch {
      // The child ended between the listing and the read; its time moved to cutime/cstime.
    }
  }
  return seconds;
}
