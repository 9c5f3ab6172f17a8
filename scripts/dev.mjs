// npm run dev: the renderer with hot reload in browser mode, talking to the real main-process
// services through the same WebSocket transport as `npm start` uses.
import { readFileSync } from 'node:fs';
import { createServer } from 'vite';

const port = Number(process.env.HEALTHDESK_PORT ?? 5749);
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const server = await createServer({
  configFile: new URL('../vite.renderer.config.ts', import.meta.url).pathname,
  server: { host: '127.0.0.1', port, strictPort: true },
});
try {
  await server.listen();
} catch (error) {
  console.error(
    `HealthDesk could not start its development server on port ${port}: ${error.message}. Set HEALTHDESK_PORT to use another port.`,
  );
  process.exit(1);
}
const { attachDevHost } = await server.ssrLoadModule('/../electron/main/browser-mode/dev-host.ts');
const dev = attachDevHost(server.httpServer, port, pkg.version);
console.log(
  `HealthDesk (development, hot reload) is running in browser mode. Open ${dev.url} in Chromium or Chrome.`,
);

async function stop() {
  await dev.close();
  await server.close();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
