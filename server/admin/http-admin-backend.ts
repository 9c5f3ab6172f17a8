import type { z } from 'zod';
import { z as zod } from 'zod';
import { errorBodySchema, pairingCodeResponseSchema } from '@shared/sync/protocol';
import type { AdminBackend } from './admin-backend';
import { clinicSchema, deviceSummarySchema } from './admin-ops';

/**
 * The admin CLI's way in while a PGlite server holds the data directory: the server's admin API
 * on loopback, with the token the server wrote into the directory for this purpose.
 */
export function httpAdminBackend(
  baseUrl: string,
  token: string,
  fetchImpl: typeof fetch = fetch,
): AdminBackend {
  async function call<S extends z.ZodType>(
    method: string,
    path: string,
    schema: S,
    body?: unknown,
  ): Promise<z.infer<S>> {
    const response = await fetchImpl(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json: unknown = await response.json();
    if (!response.ok) {
      const error = errorBodySchema.safeParse(json);
      throw new Error(
        error.success ? error.data.error.message : `The server answered ${response.status}`,
      );
    }
    return schema.parse(json);
  }

  return {
    describe: `the running server at ${baseUrl}`,
    createClinic: (name) => call('POST', '/v1/admin/clinics', clinicSchema, { name }),
    listClinics: async () =>
      (await call('GET', '/v1/admin/clinics', zod.object({ clinics: zod.array(clinicSchema) })))
        .clinics,
    issuePairingCode: (clinicId, role, patientId) =>
      call('POST', '/v1/admin/pairing-codes', pairingCodeResponseSchema, {
        clinicId,
        role,
        patientId,
      }),
    listDevices: async (clinicId) =>
      (
        await call(
          'GET',
          `/v1/admin/devices${clinicId === null ? '' : `?clinicId=${encodeURIComponent(clinicId)}`}`,
          zod.object({ devices: zod.array(deviceSummarySchema) }),
        )
      ).devices,
    revokeDevice: (deviceId) =>
      call(
        'POST',
        `/v1/admin/devices/${encodeURIComponent(deviceId)}/revoke`,
        deviceSummarySchema,
        {},
      ),
    rescopeDevice: (deviceId, role, patientId) =>
      call('POST', `/v1/admin/devices/${encodeURIComponent(deviceId)}/scope`, deviceSummarySchema, {
        role,
        patientId,
      }),
    maintenance: () =>
      call('POST', '/v1/admin/maintenance', zod.object({ tombstones: zod.number() }), {}),
    async backup(write) {
      const response = await fetchImpl(`${baseUrl}/v1/admin/backup`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (!response.ok || !response.body)
        throw new Error(`The server refused the backup (${response.status})`);
      let rows = -1;
      for await (const line of webStreamLines(response.body)) {
        if (line.trim() === '') continue;
        await write(line + '\n');
        rows++;
      }
      // Header and end line are not rows.
      return Math.max(0, rows - 1);
    },
    restore() {
      return Promise.reject(
        new Error('Stop the server before restoring: a restore replaces the database under it.'),
      );
    },
    close: () => Promise.resolve(),
  };
}

async function* webStreamLines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      yield buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
    }
    if (done) break;
  }
  if (buffer !== '') yield buffer;
}
