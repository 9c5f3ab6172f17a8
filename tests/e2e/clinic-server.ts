import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { createClient } from '@shared/contract/client';
import { hostContract } from '@shared/contract/host-contract';
import { WS_PATH } from '@shared/contract/ws-frames';
import type { HostSample } from '@shared/sync/host-report';
import type { Role } from '@shared/sync/protocol';
import { pairResponseSchema, pairingCodeResponseSchema } from '@shared/sync/protocol';
import type { HostApi } from '../../renderer/src/host/host-api';
import type { WebSocketLike } from '../../renderer/src/host/ws-transport';
import { createWsTransport } from '../../renderer/src/host/ws-transport';
import type { BrowserModeProcess } from '../helpers/browser-mode-process';
import type { ServerProcess } from '../helpers/server/server-process';
import { startServerProcess } from '../helpers/server/server-process';

export interface OtherPc {
  deviceId: string;
  token: string;
}

/**
 * The clinic sync server as its administrator runs it (`npm run server`, PGlite in a data
 * folder), driven through its admin API with the token the server leaves for the admin CLI.
 */
export async function startClinicServer() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'healthdesk-e2e-server-'));
  const process: ServerProcess = await startServerProcess({
    args: ['--data-dir', dataDir, '--port', '0'],
  });
  const admin = JSON.parse(readFileSync(path.join(dataDir, 'admin.json'), 'utf8')) as {
    token: string;
  };

  async function call(method: 'GET' | 'POST', url: string, token: string, body?: unknown) {
    const response = await fetch(`${process.url}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json: unknown = await response.json();
    if (!response.ok)
      throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  }

  const server = {
    url: process.url,
    async createClinic(name: string): Promise<string> {
      const clinic = (await call('POST', '/v1/admin/clinics', admin.token, { name })) as {
        clinicId: string;
      };
      return clinic.clinicId;
    },
    async pairingCode(clinicId: string, role: Role): Promise<string> {
      const answer = await call('POST', '/v1/admin/pairing-codes', admin.token, {
        clinicId,
        role,
      });
      return pairingCodeResponseSchema.parse(answer).code;
    },
    /** Another PC of the clinic, paired over HTTP as the app would. */
    async pairPc(clinicId: string, deviceName: string): Promise<OtherPc> {
      const code = await server.pairingCode(clinicId, 'staff');
      const response = await fetch(`${process.url}/v1/pair`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code, deviceId: randomUUID(), deviceName }),
      });
      const paired = pairResponseSchema.parse(await response.json());
      return { deviceId: paired.deviceId, token: paired.deviceToken };
    },
    async report(pc: OtherPc, hostname: string, samples: HostSample[]): Promise<void> {
      await call('POST', '/v1/hosts/report', pc.token, {
        deviceId: pc.deviceId,
        hostname,
        platform: 'win32',
        bootTime: Date.now() - 86_400_000,
        samples,
      });
    },
    async lastSeen(pc: OtherPc, deviceId: string): Promise<number | null> {
      const answer = (await call('GET', '/v1/hosts', pc.token)) as {
        hosts: { deviceId: string; lastSeenAt: number | null }[];
      };
      return answer.hosts.find((host) => host.deviceId === deviceId)?.lastSeenAt ?? null;
    },
    stop: () => process.kill('SIGTERM'),
  };
  return server;
}
export type ClinicServer = Awaited<ReturnType<typeof startClinicServer>>;

/**
 * The host API of a running browser-mode HealthDesk, from the test: the same WebSocket client
 * the page uses, with the page's origin and the per-run token.
 */
export function hostApiOf(app: BrowserModeProcess): { api: HostApi; close(): void } {
  const transport = createWsTransport({
    url: `${app.origin.replace('http:', 'ws:')}${WS_PATH}`,
    token: app.token,
    createSocket: (url, protocols) =>
      new WebSocket(url, protocols, { origin: app.origin }) as unknown as WebSocketLike,
  });
  return { api: createClient(hostContract, transport), close: () => transport.close() };
}
