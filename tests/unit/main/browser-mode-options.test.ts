import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BROWSER_PORT,
  parseBrowserModeOptions,
} from '../../../electron/main/browser-mode/options';
import { defaultDataDir } from '../../../electron/main/services/paths';

describe('browser mode options', () => {
  it('defaults to the fixed port, because IndexedDB data belongs to the origin', () => {
    expect(parseBrowserModeOptions([], {}).port).toBe(DEFAULT_BROWSER_PORT);
  });

  it('reads flags before the environment', () => {
    expect(
      parseBrowserModeOptions(['--port', '6001', '--data-dir=/tmp/x'], { HEALTHDESK_PORT: '7000' }),
    ).toEqual({
      port: 6001,
      dataDir: path.resolve('/tmp/x'),
    });
    expect(
      parseBrowserModeOptions([], { HEALTHDESK_PORT: '7000', HEALTHDESK_DATA_DIR: '/tmp/y' }),
    ).toEqual({
      port: 7000,
      dataDir: path.resolve('/tmp/y'),
    });
  });

  it('rejects bad values with a sentence saying what is expected', () => {
    expect(() => parseBrowserModeOptions(['--port', 'eighty'], {})).toThrow(
      /whole number from 0 to 65535/,
    );
    expect(() => parseBrowserModeOptions(['--port', '70000'], {})).toThrow(/whole number/);
    expect(() => parseBrowserModeOptions(['--colour'], {})).toThrow(/Unknown option --colour/);
    expect(() => parseBrowserModeOptions(['--port'], {})).toThrow(/needs a value/);
  });

  it('keeps data where Electron keeps it on each platform', () => {
    expect(defaultDataDir('HealthDesk', {}, 'linux', '/home/ana')).toBe(
      '/home/ana/.config/HealthDesk',
    );
    expect(defaultDataDir('HealthDesk', { XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/ana')).toBe(
      '/cfg/HealthDesk',
    );
    expect(defaultDataDir('HealthDesk', {}, 'darwin', '/Users/ana')).toBe(
      '/Users/ana/Library/Application Support/HealthDesk',
    );
    expect(
      defaultDataDir(
        'HealthDesk',
        { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' },
        'win32',
        'C:\\Users\\ana',
      ),
    ).toBe(path.join('C:\\Users\\ana\\AppData\\Roaming', 'HealthDesk'));
  });
});
