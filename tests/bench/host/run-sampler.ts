// Our sampler as the app runs it, alone: the built worker thread plus the main thread's client,
// which parses every message. Bundled before it runs (see bundle.ts); argument: out/main. Slow metrics are read once at start (inside the warm-up), so what
// is measured is the one-second fast metrics, as the psutil and glances baselines collect them.
import { systemClock } from '../../../electron/main/host-monitor/clock';
import { samplerWorkerFactory } from '../../../electron/main/host-monitor/launch-worker';
import { startSamplerClient } from '../../../electron/main/host-monitor/sampler-client';
import { DEFAULT_SAMPLER_SETTINGS } from '../../../electron/main/host-monitor/sampler-messages';
import { createLogger } from '../../../electron/main/services/logger';

let samples = 0;
const client = startSamplerClient({
  launch: samplerWorkerFactory(process.argv[2] ?? 'out/main'),
  settings: { ...DEFAULT_SAMPLER_SETTINGS, slowIntervalMs: 24 * 3600_000 },
  logger: createLogger({ level: 'warn' }),
  clock: systemClock(),
  onMessage: (message) => {
    if (message.type === 'sample') samples++;
  },
});
// The worker is unref'd (the app decides when to stop): keep this process alive.
const alive = setInterval(() => undefined, 60_000);
process.on('SIGTERM', () => {
  clearInterval(alive);
  process.stderr.write(`our sampler took ${samples} samples\n`);
  void client.close().then(() => process.exit(0));
});
