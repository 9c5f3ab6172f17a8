import { createPinia } from 'pinia';
import { createApp, h, ref } from 'vue';
import type { MenuCommand } from '@shared/contract/events';
import App from './App.vue';
import MissingTokenPage from './components/MissingTokenPage.vue';
import { HOST_API } from './host/host-api';
import { connectToHost } from './host/connect';
import { createAppI18n } from './i18n';
import { createAppRouter } from './router';
import './styles/theme.css';

/** Where each command of the native menu takes the user. */
const MENU_ROUTES: Record<MenuCommand['command'], string> = { 'show-about': '/about' };

function bootstrap(): void {
  const i18n = createAppI18n(window.localStorage, navigator.languages);
  document.documentElement.lang = i18n.global.locale.value;
  const connection = connectToHost(window);

  if (connection.kind === 'missing-token') {
    createApp(MissingTokenPage).use(i18n).mount('#app');
    return;
  }

  const connectionLost = ref(false);
  if (connection.kind === 'browser') {
    connection.onStateChange((state) => {
      connectionLost.value = state === 'closed';
    });
  }

  const router = createAppRouter();
  const app = createApp({ render: () => h(App, { connectionLost: connectionLost.value }) });
  app.provide(HOST_API, connection.api);
  app.use(createPinia()).use(router).use(i18n);

  connection.api.on('app.menuCommand', ({ command }) => void router.push(MENU_ROUTES[command]));

  app.mount('#app');
  performance.mark('healthdesk:mounted');
}

bootstrap();
