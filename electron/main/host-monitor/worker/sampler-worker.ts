// The sampler's worker thread: it owns every probe, so no reading (a slow /proc read, a
// systeminformation call that spawns `df` or blocks for 100 ms) can ever stall the thread that
// serves the host API and the window. It posts plain messages; the main thread parses them.
import { readdirSync } from 'node:fs';
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import si from 'systeminformation';
import { systemClock } from '../clock';
import { platformProbes } from '../probes/platform-probes';
import { startSamplerLoop } from '../sampler-loop';
import { samplerControlSchema, samplerSettingsSchema } from '../sampler-messages';
import { createProcReader } from './proc-reader';

const port = parentPort;
if (!port) throw new Error('The sampler must run in a worker thread');

const settings = samplerSettingsSchema.parse(workerData);
const clock = systemClock();
const proc = createProcReader();
const loop = startSamplerLoop({
  ...settings,
  platform: process.platform,
  clock,
  probes: platformProbes({
    platform: process.platform,
    arch: process.arch,
    clock,
    si,
    os,
    proc: {
      procRoot: settings.procRoot,
      sysRoot: settings.sysRoot,
      // Synchronous on purpose: this thread exists to block. /proc and /sys files are kernel
      // memory, read in microseconds; the promise API's thread-pool round trips cost more than
      // the reads themselves (measured: 0.13 % of a core at 1 Hz, against too little to see).
      // A read that never returned would stall this thread: the client's watchdog restarts it.
      readText: (file) => Promise.resolve(proc.read(file)),
      listDir: (dir) => Promise.resolve(readdirSync(dir)),
    },
  }),
  emit: (message) => port.postMessage(message),
});

port.on('message', (raw: unknown) => {
  const control = samplerControlSchema.safeParse(raw);
  if (control.success) loop.setProcessesWanted(control.data.wanted);
});
port.once('close', () => {
  loop.stop();
  proc.close();
});
