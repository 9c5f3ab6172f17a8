import type { Clock } from '../clock';
import { counterWrapFor } from '../counters';
import type { SamplerProbes } from '../sampler-loop';
import { linuxFastProbes } from './linux-fast-probes';
import type { LinuxProbeDeps } from './linux-fast-probes';
import { portableFastProbes } from './portable-fast-probes';
import type { PortableProbeDeps } from './portable-fast-probes';
import { pickProbe } from './probe';
import { slowProbes } from './slow-probes';
import type { SystemInformation } from './system-information';

export interface PlatformProbeDeps {
  platform: NodeJS.Platform;
  arch: string;
  clock: Clock;
  si: SystemInformation;
  os: PortableProbeDeps['os'];
  proc: Pick<LinuxProbeDeps, 'procRoot' | 'sysRoot' | 'readText' | 'listDir'>;
}

/** For each metric, the first probe that declares this platform (or an unsupported stand-in). */
export function platformProbes(deps: PlatformProbeDeps): SamplerProbes {
  const linux = linuxFastProbes({
    ...deps.proc,
    clock: deps.clock,
    wrapAt: counterWrapFor(deps.arch),
  });
  const portable = portableFastProbes({ os: deps.os, si: deps.si, clock: deps.clock });
  const { platform } = deps;
  return {
    cpu: pickProbe('cpu', [linux.cpu, portable.cpu], platform),
    load: pickProbe('load', [linux.load, portable.load], platform),
    memory: pickProbe('memory', [linux.memory, portable.memory], platform),
    network: pickProbe('network', [linux.network, portable.network], platform),
    disk: pickProbe('disk', [linux.disk, portable.disk], platform),
    ...slowProbes(deps.si),
  };
}
