// Our sampler as the app runs it, alone: its built process plus the app's client, which parses
// every message. Bundled before it runs (see bundle.ts). Arguments: out/main, then `live` to
// measure it as while the host view is open (every sample posted at once) rather than batched.
// Slow metrics are read once at start (inside the warm-up), so what is measured is the
// one-second fast metrics, as the psutil and glances baselines collect them.
import { systemClock } from '../../../electron/main/host-monitor/clock';
import { forkSampler } from '../../../electron/main/host-monitor/launch-sampler';
import { startSamplerClient } from '../../../electron/main/host-monitor/sampler-client';
import { DEFAULT_SAMPLER_SETTINGS } from '../../../electron/main/host-monitor/sampler-messages';
import { createLogger } from '../../../electron/main/services/logger';

let samples = 0;
const client = startSamplerClient({
  launch: forkSampler(process.argv[2] ?? 'out/main'),
  settings: { ...DEFAULT_SAMPLER_SETTINGS, slowIntervalMs: 24 * 3600_000 },
  logger: createLogger({ level: 'warn' }),
  clock: systemClock(),
  onMessage: (message) => {
    if (message.type === 'sample') samples++;
  },
});
if (process.argv[3] === 'live') client.setLiveWanted(true);
// The sampler is unref'd (the app decides when to stop): keep this process alive.
const alive = setInterval(() => undefined, 60_000);
process.on('SIGTERM', () => {
  clearInterval(alive);
  process.stderr.write(`our sampler (${process.argv[3] ?? 'batched'}) took ${samples} samples\n`);
  void client.close().then(() => process.exit(0));
});
