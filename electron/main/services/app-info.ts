import type { AppInfo, Runtime } from '@shared/contract/app';

export interface AppInfoDeps {
  name: string;
  version: string;
  runtime: Runtime;
  dataDir: string;
  platform?: string;
  arch?: string;
}

export function createAppInfoService(deps: AppInfoDeps): { getInfo(): AppInfo } {
  const info: AppInfo = Object.freeze({
    name: deps.name,
    version: deps.version,
    runtime: deps.runtime,
    dataDir: deps.dataDir,
    platform: deps.platform ?? process.platform,
    arch: deps.arch ?? process.arch,
  });
  return { getInfo: () => info };
}
