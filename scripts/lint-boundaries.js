// The import table of ARCHITECTURE.md, enforced by lint. Each rule says which boundary and why.

const NODE_BUILTINS = [
  'assert',
  'async_hooks',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'module',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'readline',
  'stream',
  'string_decoder',
  'timers',
  'tls',
  'tty',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];

function restrict(files, rules, extra = {}) {
  const builtins = rules.nodeBuiltins
    ? NODE_BUILTINS.map((name) => ({ name, message: rules.nodeBuiltins }))
    : [];
  const builtinPatterns = rules.nodeBuiltins
    ? [{ group: ['node:*'], message: rules.nodeBuiltins }]
    : [];
  return {
    files,
    ...extra,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...(rules.paths ?? []), ...builtins],
          patterns: [...builtinPatterns, ...(rules.patterns ?? [])],
        },
      ],
    },
  };
}

export function boundaryRules() {
  return [
    restrict(['shared/**/*.ts'], {
      paths: [
        {
          name: 'electron',
          message: 'shared/ runs everywhere (renderer, main, server): it cannot use Electron.',
        },
      ],
      nodeBuiltins: 'shared/ runs in the renderer too: no Node built-ins.',
      patterns: [
        {
          group: ['**/renderer/**', '@renderer/*'],
          message: 'shared/ must not depend on the renderer.',
        },
        {
          group: ['**/electron/**'],
          message: 'shared/ must not depend on the main process or preload.',
        },
        { group: ['**/server/**'], message: 'shared/ must not depend on the server.' },
      ],
    }),
    restrict(['electron/main/**/*.ts'], {
      patterns: [
        {
          group: ['**/renderer/**', '@renderer/*'],
          message: 'The main process must not import renderer code; share it through shared/.',
        },
        { group: ['**/preload/**'], message: 'The main process must not import the preload.' },
        {
          group: ['**/server/**'],
          message: 'The main process talks to the server over HTTP only.',
        },
      ],
    }),
    // Services, the API, IPC and browser mode also run in plain Node (browser mode, tests):
    // only the shell and the entry file may touch Electron.
    restrict(
      ['electron/main/**/*.ts'],
      {
        paths: [
          {
            name: 'electron',
            message:
              'Only electron/main/index.ts and electron/main/shell/ may import Electron: the rest runs in browser mode too.',
          },
        ],
        patterns: [
          {
            group: ['**/renderer/**', '@renderer/*'],
            message: 'The main process must not import renderer code; share it through shared/.',
          },
          { group: ['**/preload/**'], message: 'The main process must not import the preload.' },
          {
            group: ['**/server/**'],
            message: 'The main process talks to the server over HTTP only.',
          },
          {
            group: ['**/shell/**', './shell/*'],
            message: 'Only electron/main/index.ts may use the Electron shell.',
          },
        ],
      },
      { ignores: ['electron/main/index.ts', 'electron/main/shell/**'] },
    ),
    restrict(['electron/preload/**/*.ts'], {
      nodeBuiltins: 'A sandboxed preload can only require electron: no Node built-ins.',
      patterns: [
        {
          group: ['**/main/**', '**/renderer/**', '**/server/**', '@renderer/*'],
          message: 'The preload may only use shared/ contract code and electron.',
        },
        {
          regex: '^(?!electron$|zod$|@shared/contract/|\\./)',
          message:
            'The preload is one bundled file: it may only use shared/ contract code, zod and electron.',
        },
      ],
    }),
    restrict(['renderer/**/*.ts', 'renderer/**/*.vue'], {
      paths: [
        {
          name: 'electron',
          message:
            'The renderer is sandboxed: it reaches the main process only through window.healthdesk.',
        },
        {
          name: 'systeminformation',
          message: 'The renderer cannot read the system; ask the host API.',
        },
      ],
      nodeBuiltins: 'The renderer runs in a sandboxed page: no Node built-ins.',
      patterns: [
        {
          group: ['**/electron/**'],
          message: 'The renderer must not import main-process or preload code; use the host API.',
        },
        {
          group: ['**/server/**'],
          message: 'The renderer must not import server code; the wire types live in shared/.',
        },
      ],
    }),
    restrict(['server/**/*.ts'], {
      paths: [{ name: 'electron', message: 'The server runs without Electron.' }],
      patterns: [
        {
          group: ['**/renderer/**', '@renderer/*'],
          message: 'The server must not import renderer code; share it through shared/.',
        },
        {
          group: ['**/electron/**'],
          message: 'The server must not import the app; share code through shared/.',
        },
      ],
    }),
  ];
}
