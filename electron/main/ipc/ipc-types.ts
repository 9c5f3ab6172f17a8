/**
 * The parts of Electron's IPC objects the transport uses. Written structurally so the transport
 * can be tested through an in-memory pair without the Electron runtime.
 */
export interface SenderFrameLike {
  url: string;
  parent: unknown;
}

export interface WebContentsLike {
  id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}

export interface IpcInvokeEventLike {
  sender: WebContentsLike;
  senderFrame: SenderFrameLike | null;
}

export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: IpcInvokeEventLike, ...args: unknown[]) => unknown,
  ): void;
  removeHandler(channel: string): void;
}
