// The host sampler's own process (an Electron utility process in the app, a Node child process
// in browser mode): it owns every probe, so no reading (a slow /proc read, a systeminformation
// call that spawns `df` or blocks for 100 ms) can ever stall the process that serves the host
// API and the window, and a sampler that crashes takes nothing else with it. It posts plain
// messages, in batches unless a live view is open; the app parses them.
import { readdirSync } from 'node:fs';
import os from 'node:os';
import si from 'systeminformation';
import { systemClock } from '../clock';
import { platformProbes } from '../probes/platform-probes';
import { startSamplerLoop } from '../sampler-loop';
import { samplerControlSchema, samplerSettingsFromArgv } from '../sampler-messages';
import { createBatcher } from './batcher';
import { parentChannel } from './parent-channel';
import { createProcReader } from './proc-reader';

const channel = parentChannel();
if (channel.orphaned()) process.exit(0);
const settings = samplerSettingsFromArgv(process.argv);
const clock = systemClock();
const proc = createProcReader();
const batcher = createBatcher({
  batchSamples: settings.batchSamples,
  post: (batch) => channel.post(batch),
});
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
      // Synchronous on purpose: /proc and /sys files are kernel memory, read in microseconds,
      // and this process exists to read them. A read that never returned would stall it: the
      // app's watchdog then ends the process and starts another.
      readText: (file) => proc.read(file),
      listDir: (dir) => readdirSync(dir),
    },
  }),
  emit(message) {
    // An app that died without a word (a crash, SIGKILL) leaves this process behind: it ends too.
    if (channel.orphaned()) process.exit(0);
    batcher.add(message);
  },
});

channel.onMessage((raw) => {
  const control = samplerControlSchema.safeParse(raw);
  if (!control.success) return;
  const request = control.data;
  if (request.type === 'processes') loop.setProcessesWanted(request.wanted);
  else if (request.type === 'live') batcher.setLive(request.wanted);
  else batcher.flush();
});
// The loop's timers do not hold a process open; this process lives as long as the app wants it.
setInterval(() => undefined, 2 ** 31 - 1);
