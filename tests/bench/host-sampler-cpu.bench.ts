// Sampler CPU cost at 1 Hz with all fast metrics, as % of one core including child processes,
// over 60 s, side by side in one run with: a Python psutil loop collecting the same figures,
// glances in its lightest mode, and plain systeminformation. Linux only (reads /proc/<pid>/stat).
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
// Start-up (loading code, the first slow metrics) is not the steady cost being measured.
const WARM_UP_SECONDS = 10;
// Debian's own Python, where its python3-psutil package installs (not a pyenv shim on PATH).
const PYTHON = '/usr/bin/python3';

interface Contender {
  key: 'ours' | 'service' | 'psutil' | 'glances' | 'systeminformation';
  label: string;
  command: string;
  args: string[];
}

async function contenders(): Promise<Contender[]> {
  const sampler = await bundle('tests/bench/host/run-sampler.ts', 'node');
  const list: Contender[] = [
    {
      key: 'ours',
      label: 'HealthDesk sampler (worker thread reading /proc, and its main-thread client)',
      command: process.execPath,
      args: [sampler, path.join(root, 'out/main')],
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
  try {
    await sleep(WARM_UP_SECONDS * 1000);
    const before = running.map(({ child }) => cpuOf(child));
    await sleep(SECONDS * 1000);
    const after = running.map(({ child }) => cpuOf(child));
    const percent = new Map(
      running.map(({ contender }, index) => [
        contender.key,
        {
          label: contender.label,
          value: (((after[index] ?? 0) - (before[index] ?? 0)) / SECONDS) * 100,
        },
      ]),
    );
    const ours = percent.get('ours')?.value ?? Number.NaN;
    const unit = '% of one core';
    report({ name: 'host.sampler.cpu', value: ours, unit });
    for (const [key, name] of [
      ['psutil', 'host.sampler.cpu.vsPsutil'],
      ['glances', 'host.sampler.cpu.vsGlances'],
      ['systeminformation', 'host.sampler.cpu.vsSysteminformation'],
    ] as const) {
      const theirs = percent.get(key);
      if (!theirs || !Number.isFinite(theirs.value)) {
        if (theirs) process.stderr.write(`${theirs.label} stopped during the run: skipped.\n`);
        continue;
      }
      report({
        name,
        value: ours,
        unit,
        baseline: `${theirs.label}: ${theirs.value.toFixed(3)} ${unit}`,
        ratio: theirs.value / ours,
      });
    }
    const service = percent.get('service');
    if (service) report({ name: 'host.service.cpu', value: service.value, unit });
    process.stderr.write(`measured for ${SECONDS} s after ${WARM_UP_SECONDS} s of warm-up\n`);
  } finally {
    for (const { child } of running) child.kill('SIGTERM');
  }
}

await main();
