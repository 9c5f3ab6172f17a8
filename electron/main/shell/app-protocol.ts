import type { Protocol } from 'electron';
import { SECURITY_HEADERS } from '../security/csp';
import { readRendererFile } from '../security/static-files';

/**
 * The renderer is served from app://healthdesk. IndexedDB belongs to an origin, so this scheme
 * and host must never change: moving would orphan every user's records.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'healthdesk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Must run before the app is ready. Standard + secure gives a real origin, storage and fetch. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: {
        standard: true,
        secure: true,
        supportFetchAPI: true,
        stream: true,
        codeCache: true,
      },
    },
  ]);
}

export function serveAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || (request.method !== 'GET' && request.method !== 'HEAD')) {
      return new Response('Not found', { status: 404 });
    }
    const file = await readRendererFile(rendererDir, url.pathname);
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(file.body), {
      status: file.status,
      headers: { ...SECURITY_HEADERS, 'Content-Type': file.contentType },
    });
  });
}
