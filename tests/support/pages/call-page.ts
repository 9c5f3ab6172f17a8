import type { Page } from 'playwright-core';
import type { PageApis } from './page-api';

type Method<F> = F extends (...args: infer A) => Promise<infer R> ? { args: A; result: R } : never;

/** Calls one function a test page put on `window`, typed by its API. */
export function callPage<A extends keyof PageApis, M extends keyof PageApis[A] & string>(
  page: Page,
  api: A,
  method: M,
  ...args: Method<PageApis[A][M]>['args']
): Promise<Method<PageApis[A][M]>['result']> {
  return page.evaluate(
    async ({ api, method, args }) => {
      const functions = window[api] as unknown as
        Record<string, ((...values: unknown[]) => Promise<unknown>) | undefined> | undefined;
      const target = functions?.[method];
      if (!target) throw new Error(`${api}.${method} is not on this page`);
      try {
        return await target(...args);
      } catch (error) {
        // Playwright passes on little of an error subclass thrown in the page: name it here.
        throw new Error(
          error instanceof Error ? `${error.name}: ${error.message}` : String(error),
          {
            cause: error,
          },
        );
      }
    },
    { api, method, args },
  );
}
