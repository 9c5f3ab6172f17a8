import { createRouter, createWebHashHistory } from 'vue-router';
import type { Router, RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: () => import('./features/dashboard/HomeView.vue') },
  {
    path: '/welcome',
    name: 'welcome',
    component: () => import('./features/welcome/WelcomeView.vue'),
    meta: { beforeSetup: true },
  },
  {
    path: '/patients',
    name: 'patients',
    component: () => import('./features/patients/PatientListView.vue'),
  },
  {
    path: '/patients/new',
    name: 'patient-new',
    component: () => import('./features/patients/PatientFormView.vue'),
  },
  {
    path: '/patients/:id/edit',
    name: 'patient-edit',
    component: () => import('./features/patients/PatientFormView.vue'),
    props: true,
  },
  {
    path: '/patients/:id',
    component: () => import('./features/patients/PatientLayout.vue'),
    props: true,
    children: [
      {
        path: '',
        name: 'patient',
        component: () => import('./features/patients/PatientOverview.vue'),
      },
      {
        path: 'trends',
        name: 'patient-trends',
        component: () => import('./features/vitals/PatientTrends.vue'),
      },
      {
        path: 'readings',
        name: 'patient-readings',
        component: () => import('./features/vitals/PatientReadings.vue'),
      },
    ],
  },
  {
    path: '/settings',
    name: 'settings',
    component: () => import('./features/settings/SettingsView.vue'),
  },
  {
    path: '/about',
    name: 'about',
    component: () => import('./features/about/AboutView.vue'),
    meta: { beforeSetup: true },
  },
  {
    path: '/host',
    name: 'host',
    component: () => import('./features/host/HostView.vue'),
    // The PC's health does not depend on the clinic being set up.
    meta: { beforeSetup: true },
  },
  {
    path: '/clinic-hosts',
    name: 'clinic-hosts',
    component: () => import('./features/clinic-hosts/ClinicHostsView.vue'),
    // Like the PC's own health, it needs the pairing, not the clinic's records.
    meta: { beforeSetup: true },
  },
  { path: '/:rest(.*)*', redirect: '/' },
];

/**
 * Hash history: the app is served from a custom scheme and a local port, with no server-side
 * routes. Until a mode is chosen, every page but About leads to the welcome page.
 */
export function createAppRouter(isSetUp: () => boolean): Router {
  const router = createRouter({ history: createWebHashHistory(), routes });
  router.beforeEach((to) => {
    if (!isSetUp() && to.meta.beforeSetup !== true) return { name: 'welcome' };
    if (isSetUp() && to.name === 'welcome') return { name: 'home' };
    return true;
  });
  return router;
}
