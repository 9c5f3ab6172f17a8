/** The sampler's line to the app that started it. */
export interface ParentChannel {
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /**
   * Whether the app is gone: it died without a word (a crash, SIGKILL) and this process now
   * belongs to init, or, in Node, the channel has closed (perhaps before this process had even
   * started listening).
   */
  orphaned(): boolean;
}

/** What Electron gives a utility process (`process.parentPort`); see shell/utility-sampler.ts. */
interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
}

/**
 * The channel of whichever way the app started this process: Electron's utility process port in
 * the app, Node's IPC channel in browser mode (child_process.fork). In Node, the process ends
 * when its parent goes; Electron ends its utility processes itself.
 */
export function parentChannel(host: NodeJS.Process = process): ParentChannel {
  const parentPid = host.ppid;
  const reparented = () => parentPid === 1 || host.ppid !== parentPid;
  // Electron's typings declare it on every process; it exists only in a utility process.
  const electronPort = (host as { parentPort?: ElectronParentPort }).parentPort;
  if (electronPort)
    return {
      post: (message) => electronPort.postMessage(message),
      onMessage: (listener) => electronPort.on('message', (event) => listener(event.data)),
      orphaned: reparented,
    };
  const send = host.send?.bind(host);
  if (!send) throw new Error('The host sampler runs only when HealthDesk starts it');
  host.once('disconnect', () => host.exit(0));
  return {
    post(message) {
      if (host.connected) send(message);
    },
    onMessage: (listener) => host.on('message', listener),
    orphaned: () => !host.connected || reparented(),
  };
}
