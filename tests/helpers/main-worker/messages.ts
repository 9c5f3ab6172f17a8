export type WorkerRequest =
  { kind: 'invoke'; id: number; channel: string; args: unknown[] } | { kind: 'close' };

export type WorkerReply =
  | { kind: 'ready' }
  | { kind: 'result'; id: number; value: unknown }
  | { kind: 'error'; id: number; message: string }
  | { kind: 'closed' };
