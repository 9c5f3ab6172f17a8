import { createRouter, createWebHashHistory } from 'vue-router';
import type { Router, RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/about' },
  { path: '/about', name: 'about', component: () => import('./features/about/AboutView.vue') },
  { path: '/host', name: 'host', component: () => import('./features/host/HostView.vue') },
  { path: '/:rest(.*)*', redirect: '/' },
];

// Hash history: the app is served from a custom scheme and a local port, with no server-side routes.
export function createAppRouter(): Router {
  return createRouter({ history: createWebHashHistory(), routes });
}
