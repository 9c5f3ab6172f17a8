import { z } from 'zod';

/**
 * Hybrid logical clock of SYNC-PROTOCOL.md §1: `<15-digit Unix ms>:<5-digit counter>:<deviceId>`.
 * Plain string comparison of two stamps is their causal order.
 */
export interface HlcState {
  ms: number;
  c: number;
}

const MAX_COUNTER = 99_999;

export const HLC_PATTERN = /^(\d{15}):(\d{5}):([0-9a-z-]{1,64})$/;
export const hlcSchema = z.string().regex(HLC_PATTERN, 'Not a clock stamp');

export function formatHlc(state: HlcState, deviceId: string): string {
  return `${String(state.ms).padStart(15, '0')}:${String(state.c).padStart(5, '0')}:${deviceId}`;
}

export function parseHlc(stamp: string): (HlcState & { deviceId: string }) | null {
  const match = HLC_PATTERN.exec(stamp);
  if (!match) return null;
  return { ms: Number(match[1]), c: Number(match[2]), deviceId: match[3] ?? '' };
}

/** The wall-clock part of a stamp, in Unix ms (NaN if it is not a stamp). */
export function hlcWallMs(stamp: string): number {
  return parseHlc(stamp)?.ms ?? Number.NaN;
}

/**
 * Advances the clock for a local event. When the counter would overflow its five digits, the
 * clock moves one millisecond ahead instead, which keeps stamps ordered and well-formed.
 */
export function tick(state: HlcState, now: number): HlcState {
  if (now > state.ms) return { ms: now, c: 0 };
  return state.c >= MAX_COUNTER ? { ms: state.ms + 1, c: 0 } : { ms: state.ms, c: state.c + 1 };
}

/** Merges a stamp received from elsewhere, so that later local stamps sort after it. */
export function observe(state: HlcState, remote: HlcState, now: number): HlcState {
  const ms = Math.max(state.ms, remote.ms, now);
  let c: number;
  if (ms === state.ms && ms === remote.ms) c = Math.max(state.c, remote.c) + 1;
  else if (ms === state.ms) c = state.c + 1;
  else if (ms === remote.ms) c = remote.c + 1;
  else c = 0;
  return c > MAX_COUNTER ? { ms: ms + 1, c: 0 } : { ms, c };
}

/** The larger of two stamps, treating a missing one as the smallest. */
export function maxHlc(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a > b ? a : b;
}
