// Sampler CPU cost at 1 Hz with all fast metrics, as % of one core including child processes,
// over 60 s, side by side in one run with: a Python psutil loop collecting the same figures,
// glances in its lightest mode, and plain systeminformation. Linux only (reads /proc/<pid>/stat).
// Every contender runs for a first minute (start-up: loading code, the JIT warming to code run
// once a second), reported on its own, then for the measured 60 s of steady running.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { bundle } from './host/bundle';
import { ensureDebianPackage } from './host/debian-package';
import { processCpuSeconds } from './host/process-cpu';
import { report } from './report';

const root = path.resolve(import.meta.dirname, '../..');
const SECONDS = Number(process.env.HOST_BENCH_SECONDS ?? 60);
// Start-up (loading code, the first slow metrics, the JIT) is not the steady cost measured.
const WARM_UP_SECONDS = Number(process.env.HOST_BENCH_WARM_UP_SECONDS ?? 60);
// Debian's own Python, where its python3-psutil package installs (not a pyenv shim on PATH).
const PYTHON = '/usr/bin/python3';

interface Contender {
  key: 'ours' | 'oursLive' | 'service' | 'psutil' | 'glances' | 'systeminformation';
  label: string;
  command: string;
  args: string[];
}

async function contenders(): Promise<Contender[]> {
  const sampler = await bundle('tests/bench/host/run-sampler.ts', 'node');
  const list: Contender[] = [
    {
      key: 'ours',
      label: 'HealthDesk sampler (its process reading /proc, and the app’s client), no live view',
      command: process.execPath,
      args: [sampler, path.join(root, 'out/main')],
    },
    {
      key: 'oursLive',
      label: 'HealthDesk sampler with the host view open (every sample posted at once)',
      command: process.execPath,
      args: [sampler, path.join(root, 'out/main'), 'live'],
    },
    {
      key: 'service',
      label: 'the whole browser-mode host (sampler, history, alerts, slow metrics every 30 s)',
      command: process.execPath,
      args: [
        'out/main/browser.js',
        '--port',
        '0',
        '--data-dir',
        mkdtempSync(path.join(os.tmpdir(), 'healthdesk-bench-')),
      ],
    },
    {
      key: 'systeminformation',
      label: 'plain systeminformation collecting the same figures',
      command: process.execPath,
      args: ['tests/bench/host/run-systeminformation.mjs'],
    },
  ];
  if (
    ensureDebianPackage(
      'python3-psutil',
      () => spawnSync(PYTHON, ['-c', 'import psutil']).status === 0,
    )
  ) {
    list.push({
      key: 'psutil',
      label: 'a Python psutil loop collecting the same figures',
      command: PYTHON,
      args: ['tests/bench/host/psutil-loop.py'],
    });
  }
  if (ensureDebianPackage('glances', () => spawnSync('which', ['glances']).status === 0)) {
    list.push({
      key: 'glances',
      label: 'glances in its lightest mode (stdout, 1 s, only the same plugins)',
      command: 'glances',
      args: [
        '--disable-plugin',
        'all',
        '--enable-plugin',
        'cpu,percpu,mem,memswap,load,network,diskio',
        '--disable-process',
        '--stdout',
        'cpu.total',
        '-t',
        '1',
      ],
    });
  }
  return list;
}

/** CPU seconds of a contender, or NaN (and a note) if it is no longer running. */
function cpuOf(child: ChildProcess): number {
  if (child.exitCode !== null || child.pid === undefined) return Number.NaN;
  try {
    return processCpuSeconds(child.pid);
  } catch {
    return Number.NaN;
  }
}

async function main(): Promise<void> {
  if (process.platform !== 'linux') {
    process.stderr.write(
      'The sampler CPU benchmark reads /proc/<pid>/stat: Linux only, skipped.\n',
    );
    return;
  }
  const running = (await contenders()).map((contender) => ({
    contender,
    child: spawn(contender.command, contender.args, {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    }),
  }));
  const unit = '% of one core';
  const percentBetween = (from: number[], to: number[], seconds: number) =>
    new Map(
      running.map(({ contender }, index) => [
        contender.key,
        {
          label: contender.label,
          value: (((to[index] ?? 0) - (from[index] ?? 0)) / seconds) * 100,
        },
      ]),
    );
  try {
    const start = running.map(() => 0);
    await sleep(WARM_UP_SECONDS * 1000);
    const before = running.map(({ child }) => cpuOf(child));
    const firstMinute = percentBetween(start, before, WARM_UP_SECONDS);
    await sleep(SECONDS * 1000);
    const after = running.map(({ child }) => cpuOf(child));
    const percent = percentBetween(before, after, SECONDS);

    const ours = percent.get('ours')?.value ?? Number.NaN;
    report({ name: 'host.sampler.cpu', value: ours, unit });
    for (const [mine, key, name] of [
      ['ours', 'psutil', 'host.sampler.cpu.vsPsutil'],
      ['ours', 'glances', 'host.sampler.cpu.vsGlances'],
      ['ours', 'systeminformation', 'host.sampler.cpu.vsSysteminformation'],
      ['oursLive', 'psutil', 'host.sampler.cpu.live.vsPsutil'],
    ] as const) {
      const value = percent.get(mine)?.value ?? Number.NaN;
      const theirs = percent.get(key);
      if (!theirs || !Number.isFinite(theirs.value) || !Number.isFinite(value)) {
        if (theirs) process.stderr.write(`${theirs.label} or ours stopped during the run.\n`);
        continue;
      }
      report({
        name,
        value,
        unit,
        baseline: `${theirs.label}: ${theirs.value.toFixed(3)} ${unit}`,
        ratio: theirs.value / value,
      });
    }
    const service = percent.get('service');
    if (service) report({ name: 'host.service.cpu', value: service.value, unit });
    for (const key of ['ours', 'psutil'] as const) {
      const start = firstMinute.get(key);
      if (start)
        report({
          name: `host.sampler.cpu.startUp.${key}`,
          value: start.value,
          unit: `${unit}, over the first ${WARM_UP_SECONDS} s from launch`,
        });
    }
    process.stderr.write(`measured for ${SECONDS} s after ${WARM_UP_SECONDS} s of warm-up\n`);
  } finally {
    for (const { child } of running) child.kill('SIGTERM');
  }
}

await main();
