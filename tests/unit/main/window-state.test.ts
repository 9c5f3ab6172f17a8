import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WINDOW_STATE,
  fitToDisplays,
  loadWindowState,
  saveWindowState,
} from '../../../electron/main/services/window-state';

const dir = () => mkdtempSync(path.join(os.tmpdir(), 'healthdesk-window-'));

describe('window state', () => {
  it('round-trips the saved bounds', async () => {
    const file = path.join(dir(), 'nested', 'window-state.json');
    saveWindowState(file, { x: 5, y: 6, width: 1000, height: 700, maximized: true });
    expect(await loadWindowState(file)).toEqual({
      x: 5,
      y: 6,
      width: 1000,
      height: 700,
      maximized: true,
    });
  });

  it('falls back to defaults for a missing, corrupt or absurd file', async () => {
    const folder = dir();
    expect(await loadWindowState(path.join(folder, 'missing.json'))).toEqual(DEFAULT_WINDOW_STATE);
    const corrupt = path.join(folder, 'corrupt.json');
    writeFileSync(corrupt, '{"width": 12');
    expect(await loadWindowState(corrupt)).toEqual(DEFAULT_WINDOW_STATE);
    const absurd = path.join(folder, 'absurd.json');
    writeFileSync(absurd, JSON.stringify({ width: -5, height: 1e9 }));
    expect(await loadWindowState(absurd)).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('keeps a window on a display that still exists', () => {
    const displays = [
      { x: 0, y: 0, width: 1920, height: 1080 },
      { x: 1920, y: 0, width: 1280, height: 1024 },
    ];
    const onSecond = { x: 2000, y: 100, width: 1000, height: 700, maximized: false };
    expect(fitToDisplays(onSecond, displays)).toEqual(onSecond);
  });

  it('brings back a window whose monitor was unplugged, centred and no larger than the screen', () => {
    const displays = [{ x: 0, y: 0, width: 1366, height: 768 }];
    const lost = { x: 3000, y: 200, width: 1600, height: 900, maximized: false };
    expect(fitToDisplays(lost, displays)).toEqual({
      x: 0,
      y: 0,
      width: 1366,
      height: 768,
      maximized: false,
    });
    const small = { x: 3000, y: 200, width: 800, height: 600, maximized: false };
    expect(fitToDisplays(small, displays)).toEqual({
      x: 283,
      y: 84,
      width: 800,
      height: 600,
      maximized: false,
    });
  });
});
