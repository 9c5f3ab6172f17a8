import type {
  Contract,
  EventNameOf,
  MethodNameOf,
  PayloadOf,
  RequestOf,
  ResponseOf,
} from './define';
import { hasEvent } from './define';
import { safeParseWith } from '../sync/wire-checks';
import { MAX_MESSAGE_BYTES, acceptsOk, fail, resultSchema, serialisedSize } from './result';
import type { Result } from './result';

/** What a transport (Electron IPC or the browser-mode WebSocket) must provide to a client. */
export interface ClientTransport {
  /** Sends a call and resolves with the raw envelope; rejects only when the transport failed. */
  invoke(method: string, request: unknown): Promise<unknown>;
  /** Starts receiving an event; the returned function stops it. */
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
}

type NamespaceOf<M extends string> = M extends `${infer NS}.${string}` ? NS : never;
type VerbOf<M extends string, NS extends string> = M extends `${NS}.${infer V}` ? V : never;

type MethodFunction<C extends Contract, M extends MethodNameOf<C>> = [RequestOf<C, M>] extends [
  undefined,
]
  ? () => Promise<Result<ResponseOf<C, M>>>
  : (request: RequestOf<C, M>) => Promise<Result<ResponseOf<C, M>>>;

export type EventListener<C extends Contract, E extends EventNameOf<C>> = (
  payload: PayloadOf<C, E>,
) => void;

/** The client API derived from a contract: `api.<namespace>.<verb>(request)` and `api.on(event)`. */
export type ClientApi<C extends Contract> = {
  readonly [NS in NamespaceOf<MethodNameOf<C>>]: {
    readonly [M in MethodNameOf<C> as VerbOf<M, NS>]: MethodFunction<C, M>;
  };
} & {
  on<E extends EventNameOf<C>>(event: E, listener: EventListener<C, E>): () => void;
};

/**
 * Builds the client for a contract over a transport. Both the Electron preload and the
 * browser-mode WebSocket client are this function with a different transport, so the two can
 * not drift apart. Responses are parsed, never trusted: a malformed one becomes an INTERNAL error.
 */
export function createClient<C extends Contract>(
  contract: C,
  transport: ClientTransport,
): ClientApi<C> {
  const namespaces: Record<string, Record<string, unknown>> = {};
  for (const [name, spec] of Object.entries(contract.methods)) {
    const dot = name.indexOf('.');
    const namespace = name.slice(0, dot);
    const verb = name.slice(dot + 1);
    if (dot <= 0 || namespace === 'on') throw new Error(`Method name not allowed: ${name}`);
    const envelope = resultSchema(spec.response);
    const acceptsValue = spec.accepts?.response;
    const accepts = acceptsValue ? acceptsOk(acceptsValue) : undefined;
    const target = (namespaces[namespace] ??= {});
    target[verb] = async function call(request?: unknown): Promise<Result<unknown>> {
      if (serialisedSize(request) > MAX_MESSAGE_BYTES) {
        return fail('PAYLOAD_TOO_LARGE', `The request to ${name} is too large to send`);
      }
      let raw: unknown;
      try {
        raw = await transport.invoke(name, request);
      } catch (error) {
        return fail('DISCONNECTED', `${name} could not reach the main process: ${describe(error)}`);
      }
      const parsed = safeParseWith(envelope, accepts, raw);
      return parsed.success
        ? parsed.data
        : fail('INTERNAL', `The main process sent a malformed answer to ${name}`);
    };
  }
  const api: Record<string, unknown> = {};
  for (const [namespace, functions] of Object.entries(namespaces)) {
    api[namespace] = Object.freeze(functions);
  }
  api.on = function on(event: unknown, listener: unknown): () => void {
    if (!hasEvent(contract, event)) throw new Error(`Unknown event: ${String(event)}`);
    if (typeof listener !== 'function') throw new Error('An event listener must be a function');
    const schema = contract.events[event];
    if (!schema) throw new Error(`Unknown event: ${event}`);
    return transport.subscribe(event, (payload) => {
      const parsed = schema.safeParse(payload);
      if (parsed.success) (listener as (value: unknown) => void)(parsed.data);
    });
  };
  return Object.freeze(api) as ClientApi<C>;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
