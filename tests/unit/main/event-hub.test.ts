import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createEventHub } from '../../../electron/main/api/event-hub';
import { createMemoryLogger } from '../../../electron/main/services/logger';

// eslint-disable-next-line @typescript-eslint/no-unused-vars -- only its type is needed
const contract = { methods: {}, events: { 'clock.tick': z.number() } };
type TestContract = typeof contract;

describe('event hub', () => {
  it('runs a source only while someone listens', () => {
    const hub = createEventHub<TestContract>(createMemoryLogger());
    let running = 0;
    let emit: ((n: number) => void) | undefined;
    hub.source('clock.tick', (next) => {
      running++;
      emit = next;
      return () => {
        running--;
      };
    });
    expect(running).toBe(0);
    const seen: unknown[] = [];
    const first = hub.subscribe('clock.tick', (n) => seen.push(['a', n]));
    const second = hub.subscribe('clock.tick', (n) => seen.push(['b', n]));
    expect(running).toBe(1);
    emit?.(1);
    first();
    first();
    expect(running).toBe(1);
    emit?.(2);
    second();
    expect(running).toBe(0);
    expect(seen).toEqual([
      ['a', 1],
      ['b', 1],
      ['b', 2],
    ]);
  });

  it('keeps delivering to other listeners when one throws', () => {
    const logger = createMemoryLogger();
    const hub = createEventHub<TestContract>(logger);
    const seen: number[] = [];
    hub.subscribe('clock.tick', () => {
      throw new Error('view bug');
    });
    hub.subscribe('clock.tick', (n) => seen.push(n as number));
    hub.emit('clock.tick', 5);
    expect(seen).toEqual([5]);
    expect(logger.lines).toHaveLength(1);
  });

  it('starts a source registered after its first subscriber, and stops everything on close', () => {
    const hub = createEventHub<TestContract>(createMemoryLogger());
    let running = false;
    hub.subscribe('clock.tick', () => undefined);
    hub.source('clock.tick', () => {
      running = true;
      return () => {
        running = false;
      };
    });
    expect(running).toBe(true);
    hub.close();
    expect(running).toBe(false);
  });
});
