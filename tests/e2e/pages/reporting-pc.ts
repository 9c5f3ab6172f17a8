import { randomUUID } from 'node:crypto';
import type { HostSample, HostSummary } from '@shared/sync/host-report';
import { hostsResponseSchema } from '@shared/sync/host-report';
import { pairResponseSchema } from '@shared/sync/protocol';

/**
 * Another PC of the clinic, speaking CSP/1 over HTTP as HealthDesk's main process does: paired
 * with a code, it reports minutes of its health and reads the clinic's PCs.
 */
export class ReportingPc {
  private constructor(
    readonly serverUrl: string,
    readonly deviceId: string,
    private readonly token: string,
  ) {}

  static async pair(serverUrl: string, code: string, deviceName: string): Promise<ReportingPc> {
    const response = await fetch(`${serverUrl}/v1/pair`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, deviceId: randomUUID(), deviceName }),
    });
    const paired = pairResponseSchema.parse(await response.json());
    return new ReportingPc(serverUrl, paired.deviceId, paired.deviceToken);
  }

  private async call(method: 'GET' | 'POST', url: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.serverUrl}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json: unknown = await response.json();
    if (!response.ok)
      throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  }

  async report(hostname: string, samples: HostSample[]): Promise<void> {
    await this.call('POST', '/v1/hosts/report', {
      deviceId: this.deviceId,
      hostname,
      platform: 'win32',
      bootTime: Date.now() - 86_400_000,
      samples,
    });
  }

  /** The clinic's PCs as the server lists them. */
  async hosts(): Promise<HostSummary[]> {
    return hostsResponseSchema.parse(await this.call('GET', '/v1/hosts')).hosts;
  }
}
