import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { parentChannel } from '../../../../electron/main/host-monitor/sampler-process/parent-channel';

describe("the sampler's channel to the app", () => {
  it("uses Electron's parent port in a utility process", () => {
    const posted: unknown[] = [];
    const port = Object.assign(new EventEmitter(), {
      postMessage: (message: unknown) => posted.push(message),
    });
    const host = Object.assign(new EventEmitter(), { parentPort: port, ppid: 4242 });
    const channel = parentChannel(host as unknown as NodeJS.Process);
    const received: unknown[] = [];
    channel.onMessage((message) => received.push(message));
    port.emit('message', { data: { type: 'live', wanted: true } });
    channel.post([1]);
    expect(received).toEqual([{ type: 'live', wanted: true }]);
    expect(posted).toEqual([[1]]);
    expect(channel.orphaned()).toBe(false);
    host.ppid = 1;
    expect(channel.orphaned()).toBe(true);
  });

  it("uses Node's IPC channel in a child process, and ends the process when the app goes", () => {
    const sent: unknown[] = [];
    const exits: number[] = [];
    const host = Object.assign(new EventEmitter(), {
      ppid: 4242,
      connected: true,
      send: (message: unknown) => sent.push(message) > 0,
      exit: (code: number) => exits.push(code),
    });
    const channel = parentChannel(host as unknown as NodeJS.Process);
    const received: unknown[] = [];
    channel.onMessage((message) => received.push(message));
    host.emit('message', { type: 'processes', wanted: false });
    channel.post(['batch']);
    expect(received).toEqual([{ type: 'processes', wanted: false }]);
    expect(sent).toEqual([['batch']]);
    expect(channel.orphaned()).toBe(false);
    host.connected = false;
    expect(channel.orphaned()).toBe(true);
    channel.post(['lost']);
    host.emit('disconnect');
    expect(sent).toEqual([['batch']]);
    expect(exits).toEqual([0]);
  });

  it('counts a process that init took over from the start as orphaned', () => {
    const host = Object.assign(new EventEmitter(), { ppid: 1, connected: true, send: () => true });
    expect(parentChannel(host as unknown as NodeJS.Process).orphaned()).toBe(true);
  });

  it('refuses to run when nothing started it', () => {
    expect(() => parentChannel(new EventEmitter() as unknown as NodeJS.Process)).toThrow(
      'The host sampler runs only when HealthDesk starts it',
    );
  });
});
