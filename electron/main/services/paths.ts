import os from 'node:os';
import path from 'node:path';

/**
 * Where HealthDesk keeps its own files on this platform; the same folder Electron's
 * `app.getPath('userData')` gives for the product name, so both runtimes agree.
 */
export function defaultDataDir(
  productName = 'HealthDesk',
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  if (platform === 'win32')
    return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), productName);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', productName);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), productName);
}
