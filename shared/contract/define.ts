import type { z } from 'zod';

export interface MethodSpec<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  request: Req;
  response: Res;
  /**
   * Quick checks for methods whose messages are large (a sync batch or page): true only for a
   * value the schema accepts and returns unchanged, which then skips the schema (see
   * shared/sync/wire-checks.ts). Anything else is parsed by the schema as usual.
   */
  accepts?: MethodChecks;
}

export interface MethodChecks {
  request?: (value: unknown) => boolean;
  response?: (value: unknown) => boolean;
}

/** A boundary between two processes: the calls one side may make and the events it may receive. */
export interface Contract {
  methods: Record<string, MethodSpec>;
  events: Record<string, z.ZodType>;
}

export function defineMethod<Req extends z.ZodType, Res extends z.ZodType>(
  request: Req,
  response: Res,
  accepts?: MethodChecks,
): MethodSpec<Req, Res> {
  return accepts ? { request, response, accepts } : { request, response };
}

export type MethodNameOf<C extends Contract> = keyof C['methods'] & string;
export type EventNameOf<C extends Contract> = keyof C['events'] & string;
export type RequestOf<C extends Contract, M extends MethodNameOf<C>> = z.infer<
  C['methods'][M]['request']
>;
export type ResponseOf<C extends Contract, M extends MethodNameOf<C>> = z.infer<
  C['methods'][M]['response']
>;
export type PayloadOf<C extends Contract, E extends EventNameOf<C>> = z.infer<C['events'][E]>;

export function hasMethod<C extends Contract>(contract: C, name: unknown): name is MethodNameOf<C> {
  return typeof name === 'string' && Object.hasOwn(contract.methods, name);
}

export function hasEvent<C extends Contract>(contract: C, name: unknown): name is EventNameOf<C> {
  return typeof name === 'string' && Object.hasOwn(contract.events, name);
}
