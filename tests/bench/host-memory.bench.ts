// Memory of a 24-hour sampling run, simulated at accelerated speed: the real host monitor
// (sampler schedule and messages, history tiers written to disk, alert rules) fed by fake
// probes on a fake clock. The heap after the first hour (when the one-hour ring of seconds is
// full) and after 24 hours should be the same: nothing grows with time.
import { readdirSync, statSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { createHostHistory } from '../../electron/main/host-monitor/history/host-history';
import { nodeHistoryFs } from '../../electron/main/host-monitor/history/history-fs';
import { startHostMonitor } from '../../electron/main/host-monitor/host-monitor';
import { createMemoryLogger } from '../../electron/main/services/logger';
import { createFakeClock } from '../helpers/fake-clock';
import { fakeMachine, fakeProbes } from '../helpers/fake-probes';
import { inProcessSampler } from '../helpers/in-process-sampler';
import { report } from './report';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const HOUR_SECONDS = 3600;

function heapMiB(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 ** 2;
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(full) : statSync(full).size;
  }
  return total;
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'healthdesk-bench-memory-'));
const clock = createFakeClock(Date.UTC(2026, 0, 5, 0, 0, 0));
// An eight-core PC whose load moves all day, so every aggregate differs.
const machine = fakeMachine({ cores: 8 });
const logger = createMemoryLogger();
const history = createHostHistory({ dataDir, fs: nodeHistoryFs(), clock, logger });
const monitor = startHostMonitor({
  launchSampler: inProcessSampler(fakeProbes(machine), clock),
  history,
  clock,
  logger,
  hostname: 'bench',
  platform: 'linux',
});
let alertChanges = 0;
monitor.onAlerts(() => alertChanges++);

const started = performance.now();
const hourly: number[] = [];
for (let second = 1; second <= 24 * HOUR_SECONDS; second++) {
  machine.cpuBusy = 50 + 45 * Math.sin(second / 1800);
  machine.rxBytesPerSec = Math.round(1e6 * Math.abs(Math.sin(second / 60)));
  await clock.advance(1000);
  // In real time a minute passes between two writes: let each minute's write finish, or the
  // simulation would outrun the disk and measure its own backlog.
  if (second % 60 === 0) await history.written();
  if (second % HOUR_SECONDS === 0) hourly.push(heapMiB());
}
await monitor.close();
const afterOneHour = hourly[0] ?? Number.NaN;
const afterDay = hourly.at(-1) ?? Number.NaN;
process.stderr.write(
  `simulated 24 h in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
    `${monitor.getRecentSamples(3600).samples.length} seconds held; ${alertChanges} alert changes; ` +
    `heap each hour (MiB): ${hourly.map((value) => value.toFixed(1)).join(' ')}\n`,
);
report({ name: 'host.memory.heapAfter1h', value: afterOneHour, unit: 'MiB' });
report({ name: 'host.memory.heapAfter24h', value: afterDay, unit: 'MiB' });
report({
  name: 'host.memory.growthFrom1hTo24h',
  value: afterDay - afterOneHour,
  unit: 'MiB',
});
report({ name: 'host.history.diskAfter24h', value: folderBytes(dataDir) / 1024, unit: 'KiB' });
