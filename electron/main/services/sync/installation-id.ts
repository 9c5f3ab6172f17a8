import { randomUUID } from 'node:crypto';
import { readIfExists, writePrivateFile } from './private-file';

/**
 * This installation's device id: made once, kept across pairings, so that pairing again (after
 * a revocation, or with a new code) updates the same device on the server.
 */
export function installationId(file: string): () => Promise<string> {
  let id: Promise<string> | null = null;
  async function load(): Promise<string> {
    const stored = (await readIfExists(file))?.toString('utf8').trim();
    if (stored && /^[0-9a-f-]{36}$/.test(stored)) return stored;
    const created = randomUUID();
    await writePrivateFile(file, created);
    return created;
  }
  return () => {
    id ??= load().catch((error: unknown) => {
      id = null;
      throw error;
    });
    return id;
  };
}
