import { readFile } from 'node:fs/promises';
import path from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticFile {
  status: 200 | 404;
  contentType: string;
  body: Buffer;
}

/**
 * Reads a file of the built renderer for a URL path, refusing anything that would resolve
 * outside the renderer folder. Shared by the Electron protocol handler and browser mode.
 */
export async function readRendererFile(root: string, urlPath: string): Promise<StaticFile> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return notFound();
  }
  if (decoded.includes('\0')) return notFound();
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const absoluteRoot = path.resolve(root);
  const file = path.resolve(absoluteRoot, relative);
  if (file !== absoluteRoot && !file.startsWith(absoluteRoot + path.sep)) return notFound();
  try {
    const body = await readFile(file);
    return {
      status: 200,
      contentType: MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      body,
    };
  } catch {
    return notFound();
  }
}

function notFound(): StaticFile {
  return { status: 404, contentType: 'text/plain; charset=utf-8', body: Buffer.from('Not found') };
}
