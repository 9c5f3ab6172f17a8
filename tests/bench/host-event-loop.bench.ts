// Event-loop delay (p99) of the process that serves the host API while the host is sampled:
// the real host behind browser mode's WebSocket with a client receiving every sample and
// calling the API, first with our sampler (its own process), then with the same figures read by
// systeminformation on that process's own thread, as a baseline.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import si from 'systeminformation';
import { createClient } from '@shared/contract/client';
import type { HostSample } from '@shared/contract/host-metrics';
import { hostContract } from '@shared/contract/host-contract';
import { WS_PATH } from '@shared/contract/ws-frames';
import { createHost } from '../../electron/main/api/create-host';
import { startBrowserHost } from '../../electron/main/browser-mode/browser-host';
import type {
  SamplerLauncher,
  SamplerProcess,
} from '../../electron/main/host-monitor/launch-sampler';
import { forkSampler } from '../../electron/main/host-monitor/launch-sampler';
import { tokenFile } from '../../electron/main/services/sync/create-sync-service';
import { createFileSecretStore } from '../../electron/main/services/sync/file-secret-store';
import { createLogger } from '../../electron/main/services/logger';
import { createWsTransport } from '../../renderer/src/host/ws-transport';
import { emptyRendererDir, wsSocketFactory } from '../helpers/host-transports';
import { report } from './report';

const SECONDS = Number(process.env.HOST_BENCH_SECONDS ?? 30);
const root = path.resolve(import.meta.dirname, '../..');
const RESOLUTION_MS = 10;

/**
 * monitorEventLoopDelay records the time between its timer's ticks, so the resolution itself is
 * in every value: the delay is what is left once it is taken off.
 */
function delayMs(recordedNs: number): number {
  return Math.max(0, recordedNs / 1e6 - RESOLUTION_MS);
}

/** The same measurement in this process before anything runs: the machine's own floor. */
async function idleDelay(): Promise<number> {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  await sleep(Math.min(10, SECONDS) * 1000);
  histogram.disable();
  return delayMs(histogram.percentile(99));
}

/** The same fast figures read with systeminformation on the calling thread, once a second. */
function systeminformationOnThisThread(): SamplerLauncher {
  return () => {
    const listeners: ((message: unknown) => void)[] = [];
    const timer = setInterval(() => {
      void Promise.all([
        si.currentLoad(),
        si.mem(),
        si.networkStats('*'),
        si.disksIO(),
        si.fsStats(),
      ]).then(([load, mem, network, io, fs]) => {
        const share = (value: number) => Math.min(100, Math.max(0, value));
        const rate = (value: number | null) => Math.max(0, value ?? 0);
        const sample: HostSample = {
          t: Date.now(),
          cpu: {
            total: {
              user: share(load.currentLoadUser),
              system: share(load.currentLoadSystem),
              idle: share(load.currentLoadIdle),
            },
            cores: load.cpus.map((cpu) => ({
              user: share(cpu.loadUser),
              system: share(cpu.loadSystem),
              idle: share(cpu.loadIdle),
            })),
          },
          load: { one: Math.max(0, load.avgLoad), five: 0, fifteen: 0 },
          memory: {
            totalBytes: mem.total,
            usedBytes: mem.total - mem.available,
            availableBytes: mem.available,
            swapTotalBytes: mem.swaptotal,
            swapUsedBytes: mem.swapused,
          },
          network: {
            rxBytesPerSec: network.reduce((sum, entry) => sum + rate(entry.rx_sec), 0),
            txBytesPerSec: network.reduce((sum, entry) => sum + rate(entry.tx_sec), 0),
            interfaces: [],
          },
          disk: {
            readBytesPerSec: rate(fs.rx_sec),
            writeBytesPerSec: rate(fs.wx_sec),
            readIops: rate(io.rIO_sec),
            writeIops: rate(io.wIO_sec),
          },
        };
        for (const listener of listeners) listener([{ type: 'sample', sample }]);
      });
    }, 1000);
    const sampler: SamplerProcess = {
      postMessage: () => undefined,
      on(event: string, listener: (value: never) => void) {
        if (event === 'message') listeners.push(listener as (message: unknown) => void);
        return sampler;
      },
      terminate: () => {
        clearInterval(timer);
        return Promise.resolve(0);
      },
      unref: () => undefined,
    };
    return sampler;
  };
}

async function delayWhileServing(
  launchSampler: SamplerLauncher,
): Promise<{ p99: number; max: number; samples: number }> {
  const logger = createLogger({ level: 'error' });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'healthdesk-bench-'));
  const host = createHost({
    runtime: 'browser',
    name: 'HealthDesk',
    version: 'bench',
    dataDir,
    logger,
    openExternal: () => Promise.resolve(false),
    secretStore: createFileSecretStore(tokenFile(dataDir)),
    launchSampler,
  });
  const browser = await startBrowserHost({
    host,
    rendererDir: emptyRendererDir(),
    port: 0,
    logger,
  });
  const transport = createWsTransport({
    url: `ws://127.0.0.1:${browser.port}${WS_PATH}`,
    token: browser.token,
    createSocket: wsSocketFactory(browser.origin),
  });
  const api = createClient(hostContract, transport);
  let samples = 0;
  const unsubscribe = api.on('host.sample', () => samples++);
  // A page that shows the host view also asks for the snapshot and recent samples.
  const calls = setInterval(() => {
    void api.host.getSnapshot();
    void api.host.getRecentSamples({ seconds: 60 });
  }, 1000);
  try {
    await sleep(5000);
    samples = 0;
    const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    histogram.enable();
    await sleep(SECONDS * 1000);
    histogram.disable();
    return { p99: delayMs(histogram.percentile(99)), max: delayMs(histogram.max), samples };
  } finally {
    clearInterval(calls);
    unsubscribe();
    transport.close();
    await browser.close();
    await host.close();
  }
}

const floor = await idleDelay();
const ours = await delayWhileServing(forkSampler(path.join(root, 'out/main')));
const theirs = await delayWhileServing(systeminformationOnThisThread());
process.stderr.write(
  `over ${SECONDS} s each: ours ${ours.samples} samples (max delay ${ours.max.toFixed(1)} ms), ` +
    `systeminformation on the thread ${theirs.samples} samples (max ${theirs.max.toFixed(1)} ms); ` +
    `an idle event loop on this machine meanwhile: p99 ${floor.toFixed(2)} ms\n`,
);
report({
  name: 'host.api.eventLoopDelay.p99',
  value: ours.p99,
  unit: 'ms',
  baseline: `the same figures read by systeminformation on the serving thread: p99 ${theirs.p99.toFixed(2)} ms`,
  ratio: theirs.p99 / ours.p99,
});
