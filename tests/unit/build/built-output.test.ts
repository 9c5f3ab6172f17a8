import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const out = path.join(root, 'out');

function built(relative: string): string {
  const file = path.join(out, relative);
  if (!existsSync(file))
    throw new Error(
      `${relative} is missing: run "npm run build" before this test (npm test does).`,
    );
  return readFileSync(file, 'utf8');
}

describe('built output', () => {
  it('has a preload that is one CommonJS file requiring only electron', () => {
    expect(readdirSync(path.join(out, 'preload'))).toEqual(['index.cjs']);
    const preload = built('preload/index.cjs');
    const required = [...preload.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map(
      (match) => match[1],
    );
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(preload).not.toMatch(/^\s*import\s/m);
    expect(preload).not.toMatch(/\bimport\(/);
    expect(preload).toContain('exposeInMainWorld');
  });

  it('never puts ipcRenderer itself on the page', () => {
    const preload = built('preload/index.cjs');
    const exposed = [...preload.matchAll(/exposeInMainWorld\(\s*["'`](\w+)["'`]/g)].map(
      (match) => match[1],
    );
    expect(exposed).toEqual(['healthdesk']);
  });

  it('has a renderer entry page that loads no inline script', () => {
    const html = built('renderer/index.html');
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>/g)];
    expect(inline).toEqual([]);
  });

  it('keeps the main bundles free of renderer libraries', () => {
    const main = readdirSync(path.join(out, 'main'))
      .filter((file) => file.endsWith('.js'))
      .map((file) => readFileSync(path.join(out, 'main', file), 'utf8'))
      .join('\n');
    for (const library of ['vue', 'pinia', 'dexie', 'echarts']) {
      expect(main).not.toMatch(new RegExp(`from ["']${library}["']`));
    }
  });
});
