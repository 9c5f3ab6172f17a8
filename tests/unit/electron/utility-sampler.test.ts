import { EventEmitter } from 'node:events';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SAMPLER_SETTINGS,
  samplerSettingsFromArgv,
} from '../../../electron/main/host-monitor/sampler-messages';
import type { UtilityProcessApi } from '../../../electron/main/shell/utility-sampler';
import { utilitySampler } from '../../../electron/main/shell/utility-sampler';

class FakeUtilityProcess extends EventEmitter {
  posted: unknown[] = [];
  kills = 0;
  postMessage(message: unknown) {
    this.posted.push(message);
  }
  kill() {
    this.kills++;
    queueMicrotask(() => this.emit('exit', 0));
    return true;
  }
}

function setup() {
  const forks: {
    modulePath: string;
    args: string[];
    options: unknown;
    child: FakeUtilityProcess;
  }[] = [];
  const api = {
    fork(modulePath: string, args: string[], options: unknown) {
      const child = new FakeUtilityProcess();
      forks.push({ modulePath, args, options, child });
      return child;
    },
  } as unknown as UtilityProcessApi;
  return { forks, launch: utilitySampler(api, '/app/out/main') };
}

describe('the host sampler as an Electron utility process', () => {
  it('starts the bundled entry with its settings and a name the OS shows', () => {
    const { forks, launch } = setup();
    launch({ ...DEFAULT_SAMPLER_SETTINGS, batchSamples: 3 });
    const [started] = forks;
    expect(started?.modulePath).toBe(path.join('/app/out/main', 'sampler-process.js'));
    expect(started?.options).toEqual({ serviceName: 'HealthDesk host sampler', stdio: 'inherit' });
    expect(samplerSettingsFromArgv(started?.args ?? [])).toMatchObject({ batchSamples: 3 });
  });

  it('passes messages both ways and reports its exit', async () => {
    const { forks, launch } = setup();
    const sampler = launch(DEFAULT_SAMPLER_SETTINGS);
    const child = forks[0]!.child;
    const received: unknown[] = [];
    const exits: (number | null)[] = [];
    sampler.on('message', (message) => received.push(message));
    sampler.on('exit', (code) => exits.push(code));
    child.emit('message', [{ type: 'probes', probes: [] }]);
    sampler.postMessage({ type: 'live', wanted: true });
    expect(received).toEqual([[{ type: 'probes', probes: [] }]]);
    expect(child.posted).toEqual([{ type: 'live', wanted: true }]);
    await sampler.terminate();
    expect(exits).toEqual([0]);
    // An ended process is neither killed again nor written to.
    await sampler.terminate();
    sampler.postMessage({ type: 'live', wanted: false });
    expect(child.kills).toBe(1);
    expect(child.posted).toHaveLength(1);
  });
});
