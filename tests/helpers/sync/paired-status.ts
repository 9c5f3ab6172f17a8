import type { SyncStatus } from '@shared/contract/sync';

/** The sync status of a staff PC paired with a clinic and online, as the main process reports it. */
export function pairedStatus(
  ids: { deviceId: string; clinicId: string; pairedAt: number },
  overrides: Partial<SyncStatus> = {},
): SyncStatus {
  return {
    paired: true,
    serverUrl: 'https://clinic.example',
    insecureLan: false,
    deviceId: ids.deviceId,
    deviceName: 'Front desk',
    clinicId: ids.clinicId,
    patientId: null,
    role: 'staff',
    serverEpoch: 'e1',
    pairedAt: ids.pairedAt,
    tokenStorage: { secure: true, backend: 'file' },
    connection: 'online',
    lastSuccessAt: null,
    lastError: null,
    consecutiveFailures: 0,
    ...overrides,
  };
}
