import type { SyncStatus } from '@shared/contract/sync';
import type { HostHistoryResponse, HostSample, HostSummary } from '@shared/sync/host-report';
import { hostSample } from '../../../helpers/sync/host-samples';
import { pairedStatus } from '../../../helpers/sync/paired-status';

export const SERVER_NOW = Date.UTC(2026, 0, 5, 10, 0, 30);
export const MINUTE = 60_000;
export const CLINIC = '0190f5c2-0000-7000-8000-000000000001';
export const OWN = '0190f5c2-0000-7000-8000-0000000000a1';
export const RECEPTION = '0190f5c2-0000-7000-8000-0000000000a2';
export const NEW_PC = '0190f5c2-0000-7000-8000-0000000000a3';

export function status(overrides: Partial<SyncStatus> = {}): SyncStatus {
  return pairedStatus(
    { deviceId: OWN, clinicId: CLINIC, pairedAt: SERVER_NOW - 86_400_000 },
    overrides,
  );
}

/** A PC's minute as the clinic server returns it: see hostSample, with memory at 62 % and no disk reads. */
export function sample(
  t: number,
  cpu: number,
  disks: Record<string, number> = { '/': 40 },
): HostSample {
  return hostSample(t, cpu, {
    memory: { min: 57, avg: 62, max: 67 },
    diskRead: null,
    diskWrite: { min: 1995, avg: 2000, max: 2005 },
    fileSystems: Object.entries(disks).map(([mount, percent]) => ({
      mount,
      sizeBytes: 100e9,
      usedBytes: percent * 1e9,
    })),
  });
}

/** Three PCs: this one (up), the reception PC (stale, nearly full disk), one never seen. */
export function hosts(): HostSummary[] {
  return [
    {
      deviceId: OWN,
      deviceName: 'Front desk',
      status: 'up',
      hostname: 'desk-1',
      platform: 'win32',
      lastSeenAt: SERVER_NOW - 30_000,
      bootTime: SERVER_NOW - 86_400_000,
      lastRebootAt: null,
      latest: sample(SERVER_NOW - 90_000, 23),
    },
    {
      deviceId: RECEPTION,
      deviceName: null,
      status: 'stale',
      hostname: 'reception-pc',
      platform: 'linux',
      lastSeenAt: SERVER_NOW - 10 * MINUTE,
      bootTime: SERVER_NOW - 86_400_000,
      lastRebootAt: null,
      latest: sample(SERVER_NOW - 30_000 - 11 * MINUTE, 71, { '/': 40, '/data': 93 }),
    },
    {
      deviceId: NEW_PC,
      deviceName: 'Exam room',
      status: 'unknown',
      hostname: null,
      platform: null,
      lastSeenAt: null,
      bootTime: null,
      lastRebootAt: null,
      latest: null,
    },
  ];
}

/** Minutes of the last hour from the server, with ten missing in the middle. */
export function minuteHistory(deviceId: string, to: number): HostHistoryResponse {
  const first = to - (to % MINUTE) - 59 * MINUTE;
  const points = [];
  for (let i = 0; i < 58; i++) {
    if (i >= 20 && i < 30) continue;
    points.push({ ...sample(first + i * MINUTE, 20 + i), minutes: 1 });
  }
  return { deviceId, step: '1m', points, reboots: [first + 30 * MINUTE] };
}
