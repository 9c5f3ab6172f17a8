export const en = {
  app: {
    name: 'HealthDesk',
    skipToContent: 'Skip to content',
    mainNavigation: 'Main navigation',
  },
  nav: {
    about: 'About this PC',
  },
  language: {
    label: 'Language',
    en: 'English',
    es: 'Español',
  },
  connection: {
    lost: 'HealthDesk’s background service is not answering. Reconnecting…',
    missingToken:
      'This page needs the address printed by “npm start”, which includes a one-time key. Open that address to continue.',
    missingTokenTitle: 'Open HealthDesk from its address',
  },
  about: {
    title: 'About this PC',
    appSection: 'HealthDesk',
    pcSection: 'This computer',
    disksSection: 'Disks',
    version: 'Version',
    runtime: 'Running as',
    runtimeElectron: 'Desktop app',
    runtimeBrowser: 'Browser mode',
    platform: 'Platform',
    dataDir: 'Data folder',
    hostname: 'Computer name',
    os: 'Operating system',
    cpu: 'Processor',
    cores: 'Processor cores',
    coresValue: '{logical} logical ({physical} physical)',
    memory: 'Memory',
    noDisks: 'No disks reported by this computer.',
    loading: 'Reading this computer’s details…',
    retry: 'Try again',
  },
  errors: {
    BAD_REQUEST: 'HealthDesk sent a request its background service did not accept.',
    UNKNOWN_METHOD: 'This version of HealthDesk’s background service does not offer that action.',
    UNAUTHORIZED: 'The request was refused because it did not come from HealthDesk.',
    PAYLOAD_TOO_LARGE: 'That is too much data to send at once.',
    UNSUPPORTED: 'This is not available here.',
    UNAVAILABLE: 'This information is not available on this computer right now.',
    TIMEOUT: 'The background service took too long to answer.',
    NOT_FOUND: 'That could not be found.',
    DISCONNECTED: 'HealthDesk’s background service could not be reached.',
    INTERNAL: 'Something went wrong inside HealthDesk.',
  },
};

export type MessageSchema = typeof en;
