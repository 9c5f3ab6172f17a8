import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileSecretStore } from '../../../../electron/main/services/sync/file-secret-store';
import { createSafeStorageSecretStore } from '../../../../electron/main/shell/safe-storage-secret-store';

const SECRET = 'S3cret_token_value_that_must_not_be_in_the_clear_';

function file(): string {
  return path.join(
    mkdtempSync(path.join(os.tmpdir(), 'healthdesk-secret-')),
    'sync',
    'device-token',
  );
}

/** Electron's safeStorage, with a reversible "encryption" and a chosen backend. */
function fakeSafeStorage(options: { available: boolean; backend?: string; reEncrypt?: boolean }) {
  const calls: string[] = [];
  return {
    calls,
    api: {
      isAsyncEncryptionAvailable: () => Promise.resolve(options.available),
      getSelectedStorageBackend: () => (options.backend ?? 'gnome_libsecret') as 'gnome_libsecret',
      encryptStringAsync: (text: string) => {
        calls.push('encrypt');
        return Promise.resolve(Buffer.from([...Buffer.from(text)].map((b) => b ^ 0x5a)));
      },
      decryptStringAsync: (data: Buffer) => {
        calls.push('decrypt');
        return Promise.resolve({
          result: Buffer.from([...data].map((b) => b ^ 0x5a)).toString(),
          shouldReEncrypt: options.reEncrypt ?? false,
        });
      },
    },
  };
}

describe('secret stores for the device token', () => {
  it('keeps the token in a private file in browser mode and says it is not secure', async () => {
    const where = file();
    const store = createFileSecretStore(where);
    expect(await store.read()).toBeNull();
    await store.write(SECRET);
    expect(await store.read()).toBe(SECRET);
    expect(statSync(where).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(where)).mode & 0o777).toBe(0o700);
    expect(await store.protection()).toEqual({ secure: false, backend: 'file' });
    await store.remove();
    expect(await store.read()).toBeNull();
  });

  it('encrypts with safeStorage’s async API and reports the OS store as secure', async () => {
    const where = file();
    const fake = fakeSafeStorage({ available: true });
    const store = createSafeStorageSecretStore(fake.api, where, 'darwin');
    await store.write(SECRET);
    expect(readFileSync(where, 'utf8')).not.toContain(SECRET);
    expect(await store.read()).toBe(SECRET);
    expect(await store.protection()).toEqual({ secure: true, backend: 'keychain' });
    expect(await createSafeStorageSecretStore(fake.api, where, 'win32').protection()).toEqual({
      secure: true,
      backend: 'dpapi',
    });
    expect(fake.calls).toEqual(['encrypt', 'decrypt']);
  });

  it('warns where Linux has no keyring (basic_text), and where no encryption exists at all', async () => {
    const basic = createSafeStorageSecretStore(
      fakeSafeStorage({ available: true, backend: 'basic_text' }).api,
      file(),
      'linux',
    );
    expect(await basic.protection()).toEqual({ secure: false, backend: 'basic_text' });
    const where = file();
    const none = createSafeStorageSecretStore(
      fakeSafeStorage({ available: false }).api,
      where,
      'linux',
    );
    await none.write(SECRET);
    expect(await none.read()).toBe(SECRET);
    expect(await none.protection()).toEqual({ secure: false, backend: 'file' });
    expect(statSync(where).mode & 0o777).toBe(0o600);
  });

  it('stores the token again under a new OS key when safeStorage asks for it', async () => {
    const where = file();
    const fake = fakeSafeStorage({ available: true, reEncrypt: true });
    const store = createSafeStorageSecretStore(fake.api, where, 'linux');
    await store.write(SECRET);
    expect(await store.read()).toBe(SECRET);
    expect(fake.calls).toEqual(['encrypt', 'decrypt', 'encrypt']);
  });
});
