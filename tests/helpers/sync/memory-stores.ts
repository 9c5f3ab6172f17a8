import type {
  PairingSettings,
  PairingSettingsStore,
} from '../../../electron/main/services/sync/pairing-settings';
import type { SecretStore } from '../../../electron/main/services/sync/secret-store';

/** A secret store in memory, for simulated devices. */
export function memorySecretStore(): SecretStore {
  let secret: string | null = null;
  return {
    protection: () => Promise.resolve({ secure: true, backend: 'memory' }),
    read: () => Promise.resolve(secret),
    write: (value) => {
      secret = value;
      return Promise.resolve();
    },
    remove: () => {
      secret = null;
      return Promise.resolve();
    },
  };
}

export function memorySettingsStore(): PairingSettingsStore {
  let settings: PairingSettings | null = null;
  return {
    load: () => Promise.resolve(settings),
    save: (value) => {
      settings = value;
      return Promise.resolve();
    },
    clear: () => {
      settings = null;
      return Promise.resolve();
    },
  };
}
