import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { load as loadYaml } from 'js-yaml';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');

describe('packaging', () => {
  const config = loadYaml(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<
    string,
    unknown
  >;

  it('has an electron-builder.yml that electron-builder’s own schema accepts', () => {
    const schema = JSON.parse(
      readFileSync(path.join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8'),
    ) as object;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
  });

  it('builds a signed, notarised dmg and a signed NSis exe', () => {
    expect(JSON.stringify(config.mac)).toContain('"dmg"');
    expect(config.mac).toMatchObject({ hardenedRuntime: true, notarize: true });
    expect(JSON.stringify(config.win)).toContain('"nsis"');
    expect(config.win).toMatchObject({ signtoolOptions: { signingHashAlgorithms: ['sha256'] } });
  });

  it('keeps renderer libraries out of the packaged dependencies', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    for (const library of [
      'vue',
      'pinia',
      'vue-router',
      'vue-i18n',
      'reka-ui',
      'dexie',
      'echarts',
      'electron',
    ]) {
      expect(Object.keys(pkg.dependencies), library).not.toContain(library);
    }
  });
});
