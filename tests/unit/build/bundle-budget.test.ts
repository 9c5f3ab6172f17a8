import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const rendererOut = path.resolve(import.meta.dirname, '../../../out/renderer');
const BUDGET_BYTES = 500 * 1024;

/** The scripts the entry page loads before anything else: the entry and its preloads. */
function initialScripts(): string[] {
  const index = path.join(rendererOut, 'index.html');
  if (!existsSync(index))
    throw new Error('out/renderer is missing: run "npm run build" first (npm test does).');
  const html = readFileSync(index, 'utf8');
  return [
    ...html.matchAll(
      /<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="\.?\/?([^"]+\.js)"/g,
    ),
  ].map((match) => match[1] ?? '');
}

describe('renderer bundle', () => {
  it('keeps the initial route under 500 KB of gzipped JavaScript', () => {
    const scripts = initialScripts();
    expect(scripts.length).toBeGreaterThan(0);
    const total = scripts.reduce(
      (sum, file) => sum + gzipSync(readFileSync(path.join(rendererOut, file))).length,
      0,
    );
    expect(total).toBeLessThan(BUDGET_BYTES);
  });

  it('keeps the chart library out of the initial scripts', () => {
    for (const file of initialScripts()) {
      const code = readFileSync(path.join(rendererOut, file), 'utf8');
      expect(code, file).not.toMatch(/echarts|zrender/i);
    }
    const assets = readdirSync(path.join(rendererOut, 'assets'));
    expect(assets.some((file) => file.endsWith('.js'))).toBe(true);
  });
});
