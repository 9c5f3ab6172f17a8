import type { Session, WebContents } from 'electron';
import { externalUrlSchema } from '@shared/contract/app';

/**
 * Every page stays on our origin: navigation elsewhere and new windows are refused, web links
 * open in the user's browser after validation, and <webview> is never attached.
 */
export function hardenWebContents(
  contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>,
  trustedOrigins: readonly string[],
  openExternal: (url: string) => Promise<void>,
): void {
  contents.on('will-navigate', (event, url) => {
    if (!isTrusted(url, trustedOrigins)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isTrusted(url, trustedOrigins)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (externalUrlSchema.safeParse(url).success) void openExternal(url);
    return { action: 'deny' };
  });
}

/** HealthDesk needs no camera, microphone, location or notification permission from a page. */
export function denyPermissions(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>,
): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

export function isTrusted(url: string, trustedOrigins: readonly string[]): boolean {
  try {
    const parsed = new URL(url);
    return trustedOrigins.includes(`${parsed.protocol}//${parsed.host}`);
  } catch {
    return false;
  }
}
