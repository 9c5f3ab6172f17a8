import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import vueParser from 'vue-eslint-parser';
import { describe, expect, it } from 'vitest';
import { boundaryRules } from '../../../scripts/lint-boundaries.js';

const root = path.resolve(import.meta.dirname, '../../..');

const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [
    { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
    {
      files: ['**/*.vue'],
      languageOptions: { parser: vueParser, parserOptions: { parser: tseslint.parser } },
    },
    ...boundaryRules(),
  ],
});

async function messages(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((message) => message.message);
}

const ALLOWED: [string, string][] = [
  ['shared/contract/x.ts', "import { z } from 'zod';"],
  ['shared/contract/x.ts', "import { events } from './events';"],
  ['electron/main/services/x.ts', "import fs from 'node:fs';"],
  ['electron/main/index.ts', "import { app } from 'electron';"],
  ['electron/main/shell/x.ts', "import { shell } from 'electron';"],
  ['electron/preload/index.ts', "import { contextBridge } from 'electron';"],
  ['electron/preload/index.ts', "import { hostContract } from '@shared/contract/host-contract';"],
  ['renderer/src/x.ts', "import { ref } from 'vue';"],
  ['renderer/src/x.ts', "import { methods } from '@shared/contract/methods';"],
  ['server/x.ts', "import { z } from 'zod';"],
];

const REFUSED: [string, string, RegExp][] = [
  ['shared/contract/x.ts', "import { app } from 'electron';", /cannot use Electron/],
  ['shared/contract/x.ts', "import fs from 'node:fs';", /no Node built-ins/],
  ['shared/contract/x.ts', "import fs from 'fs';", /no Node built-ins/],
  [
    'shared/contract/x.ts',
    "import x from '../../renderer/src/main';",
    /must not depend on the renderer/,
  ],
  ['shared/contract/x.ts', "import x from '../../server/app';", /must not depend on the server/],
  [
    'electron/main/services/x.ts',
    "import { app } from 'electron';",
    /Only electron\/main\/index.ts and electron\/main\/shell/,
  ],
  [
    'electron/main/api/x.ts',
    "import x from '../../../renderer/src/host/connect';",
    /must not import renderer code/,
  ],
  [
    'electron/main/api/x.ts',
    "import x from '../shell/menu';",
    /Only electron\/main\/index.ts may use the Electron shell/,
  ],
  ['electron/preload/index.ts', "import fs from 'node:fs';", /sandboxed preload/],
  ['electron/preload/index.ts', "import si from 'systeminformation';", /one bundled file/],
  ['electron/preload/index.ts', "import x from '../main/api/dispatcher';", /only use shared/],
  ['renderer/src/x.ts', "import { ipcRenderer } from 'electron';", /window.healthdesk/],
  ['renderer/src/x.ts', "import si from 'systeminformation';", /ask the host API/],
  ['renderer/src/x.ts', "import path from 'node:path';", /no Node built-ins/],
  [
    'renderer/src/x.ts',
    "import x from '../../electron/main/api/dispatcher';",
    /must not import main-process/,
  ],
  [
    'renderer/src/x.vue',
    '<script setup lang="ts">import { app } from \'electron\';</script>',
    /window.healthdesk/,
  ],
  ['server/x.ts', "import x from '../electron/main/api/dispatcher';", /must not import the app/],
  ['server/x.ts', "import x from '../renderer/src/main';", /must not import renderer code/],
];

describe('import boundaries of ARCHITECTURE.md', () => {
  it.each(ALLOWED)('allows %s: %s', async (file, code) => {
    expect(await messages(file, code)).toEqual([]);
  });

  it.each(REFUSED)('refuses %s: %s', async (file, code, reason) => {
    const found = await messages(file, code);
    expect(found.length).toBeGreaterThan(0);
    expect(found.join('\n')).toMatch(reason);
  });
});
