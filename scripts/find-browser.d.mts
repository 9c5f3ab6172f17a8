export declare const CHROMIUM_ARGS: string[];
export declare const NO_BROWSER_MESSAGE: string;
export declare function findBrowser(
  env?: NodeJS.ProcessEnv,
  platform?: NodeJS.Platform,
): { path: string; source: string } | null;
export declare function requireBrowser(env?: NodeJS.ProcessEnv): string;
