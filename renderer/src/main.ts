import Dexie from 'dexie';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import type { MenuCommand } from '@shared/contract/events';
import App from './App.vue';
import { APP_STATUS, createAppStatus } from './app-status';
import MissingTokenPage from './components/MissingTokenPage.vue';
import StartupProblem from './components/StartupProblem.vue';
import { activeDatabaseKind, openKind } from './db/active-database';
import type { HealthDeskDb } from './db/database';
import { DatabaseTooNewError } from './db/database';
import { DATABASE, DATABASE_KIND } from './db/provide';
import { HOST_API } from './host/host-api';
import { connectToHost } from './host/connect';
import { createAppI18n } from './i18n';
import { createAppRouter } from './router';
import { useSessionStore } from './stores/session';
import { useSyncStore } from './stores/sync';
import './styles/theme.css';

/** Where each command of the native menu takes the user. */
const MENU_ROUTES: Record<MenuCommand['command'], string> = { 'show-about': '/about' };

// Dexie switches its slow debugging aids on for pages served from localhost, which browser
// mode is; the app is a production build wherever it is served from.
Dexie.debug = false;

async function bootstrap(): Promise<void> {
  const i18n = createAppI18n(window.localStorage, navigator.languages);
  document.documentElement.lang = i18n.global.locale.value;
  const connection = connectToHost(window);

  if (connection.kind === 'missing-token') {
    createApp(MissingTokenPage).use(i18n).mount('#app');
    return;
  }

  const kind = activeDatabaseKind(window.localStorage);
  let db: HealthDeskDb;
  try {
    db = await openKind(kind);
  } catch (error) {
    const problem = error instanceof DatabaseTooNewError ? 'too-new' : 'failed';
    const reason = error instanceof Error ? error.message : String(error);
    createApp(StartupProblem, { kind: problem, reason }).use(i18n).mount('#app');
    return;
  }

  const status = createAppStatus();
  if (connection.kind === 'browser') {
    connection.onStateChange((state) => {
      status.connectionLost.value = state === 'closed';
    });
  }
  // Another window opened a newer schema: this one must stop writing and ask for a reload.
  db.on('versionchange', () => {
    status.closedElsewhere.value = true;
    db.close();
    return false;
  });

  const app = createApp(App);
  app.provide(APP_STATUS, status);
  app.provide(HOST_API, connection.api);
  app.provide(DATABASE, db);
  app.provide(DATABASE_KIND, kind);
  const pinia = createPinia();
  app.use(pinia).use(i18n);
  const session = app.runWithContext(() => useSessionStore(pinia));
  await session.load();
  const router = createAppRouter(() => session.mode !== null);
  app.use(router);

  connection.api.on('app.menuCommand', ({ command }) => void router.push(MENU_ROUTES[command]));

  app.mount('#app');
  performance.mark('healthdesk:mounted');
  // In the background, after the first screen: nothing waits for the clinic server.
  void app.runWithContext(() => useSyncStore(pinia)).start();
}

void bootstrap();
