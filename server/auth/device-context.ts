import type { Role } from '@shared/sync/protocol';

/** Who is asking, from the token's device row: the scope never comes from the request (§6, §9). */
export interface DeviceContext {
  deviceId: string;
  clinicId: string;
  patientId: string | null;
  role: Role;
  scopeVersion: number;
  name: string | null;
}

/** Staff devices see their whole clinic; a patient device only its patient's records (§9). */
export function canSee(device: DeviceContext, record: { patientId: string | null }): boolean {
  return device.role === 'staff' || record.patientId === device.patientId;
}
