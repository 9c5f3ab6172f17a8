import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

export interface SavedWindowState extends WindowBounds {
  maximized: boolean;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const savedSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(200).max(20000),
  height: z.number().int().min(200).max(20000),
  maximized: z.boolean().default(false),
});

export const DEFAULT_WINDOW_STATE: SavedWindowState = {
  width: 1280,
  height: 820,
  maximized: false,
};

/** Reads the last window bounds; a missing or corrupt file gives the defaults. */
export async function loadWindowState(file: string): Promise<SavedWindowState> {
  try {
    const parsed = savedSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    if (!parsed.success) return DEFAULT_WINDOW_STATE;
    const { x, y, ...rest } = parsed.data;
    return x !== undefined && y !== undefined ? { ...rest, x, y } : rest;
  } catch {
    return DEFAULT_WINDOW_STATE;
  }
}

/**
 * Writes through a temporary file so a crash mid-write never leaves a half file behind.
 * Synchronous on purpose: it runs as the window closes, and the app may quit right after.
 */
export function saveWindowState(file: string, state: SavedWindowState): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, JSON.stringify(state));
  renameSync(temporary, file);
}

/**
 * Keeps a remembered window reachable: if its title bar is not on any current display (a
 * monitor was unplugged), it is centred on the first display instead.
 */
export function fitToDisplays(
  state: SavedWindowState,
  workAreas: readonly Rect[],
): SavedWindowState {
  const first = workAreas[0];
  if (!first) return state;
  const width = Math.min(state.width, Math.max(...workAreas.map((area) => area.width)));
  const height = Math.min(state.height, Math.max(...workAreas.map((area) => area.height)));
  if (state.x !== undefined && state.y !== undefined) {
    const titleBar = { x: state.x + 40, y: state.y + 10 };
    const visible = workAreas.some(
      (area) =>
        titleBar.x >= area.x &&
        titleBar.x < area.x + area.width &&
        titleBar.y >= area.y &&
        titleBar.y < area.y + area.height,
    );
    if (visible) return { ...state, width, height };
  }
  return {
    width: Math.min(width, first.width),
    height: Math.min(height, first.height),
    x: first.x + Math.round((first.width - Math.min(width, first.width)) / 2),
    y: first.y + Math.round((first.height - Math.min(height, first.height)) / 2),
    maximized: state.maximized,
  };
}
