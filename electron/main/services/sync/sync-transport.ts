import type { z } from 'zod';
import type {
  SyncCallResult,
  SyncPairRequest,
  SyncPairResult,
  SyncStatus,
} from '@shared/contract/sync';
import type {
  HostHistoryResponse,
  HostReport,
  HostReportResponse,
  HostsResponse,
} from '@shared/sync/host-report';
import {
  HOST_REPORT_MAX_SAMPLES,
  hostHistoryResponseSchema,
  hostReportResponseSchema,
  hostsResponseSchema,
} from '@shared/sync/host-report';
import type {
  PairingCodeResponse,
  PullRequest,
  PullResponse,
  PushRequest,
  PushResponse,
  Role,
} from '@shared/sync/protocol';
import {
  COMPACT_STAMPS_HEADER,
  errorBodySchema,
  pairResponseSchema,
  pairingCodeResponseSchema,
  pullResponseSchema,
  pushResponseSchema,
  rotateResponseSchema,
} from '@shared/sync/protocol';
import { withPerFieldStamps } from '@shared/sync/stamps';
import { isPullResponse, isPushResponse, safeParseWith } from '@shared/sync/wire-checks';
import type { Logger } from '../logger';
import type { Backoff } from './backoff';
import { createBackoff } from './backoff';
import type { PairingSettings, PairingSettingsStore } from './pairing-settings';
import type { JsonExchange } from './request-json';
import { requestJson } from './request-json';
import type { SecretStore } from './secret-store';
import { checkServerUrl } from './server-url';

export interface SyncTransportDeps {
  fetch: typeof fetch;
  now: () => number;
  secretStore: SecretStore;
  settings: PairingSettingsStore;
  /** This installation's id, the same across pairings. */
  deviceId: () => Promise<string>;
  logger: Logger;
  backoff?: Backoff;
  /** Below the host API's 30 s, so the renderer gets this answer and not a TIMEOUT. */
  requestTimeoutMs?: number;
  maxResponseBytes?: number;
}

export interface SyncTransport {
  getStatus(): Promise<SyncStatus>;
  pair(request: SyncPairRequest): Promise<SyncPairResult>;
  unpair(): Promise<SyncStatus>;
  push(request: PushRequest): Promise<SyncCallResult<PushResponse>>;
  pull(request: PullRequest): Promise<SyncCallResult<PullResponse>>;
  createPairingCode(
    role: Role,
    patientId: string | null,
  ): Promise<SyncCallResult<PairingCodeResponse>>;
  listHosts(): Promise<SyncCallResult<HostsResponse>>;
  hostHistory(query: {
    deviceId: string;
    from: number;
    to: number;
    step?: '1m' | '1h' | undefined;
  }): Promise<SyncCallResult<HostHistoryResponse>>;
  /**
   * Sends host samples oldest first in batches of at most 500, stopping at the first failure.
   * `sent` says how many were stored, so the caller drops exactly those from its buffer.
   */
  reportHosts(
    report: Omit<HostReport, 'deviceId'>,
  ): Promise<{ sent: number; result: SyncCallResult<HostReportResponse> }>;
  /** A new token from the server, kept in the secret store; the old one works 24 h more. */
  rotateToken(): Promise<SyncCallResult<{ previousValidUntil: number }>>;
}

type Connection = SyncStatus['connection'];

/**
 * The main process's side of CSP/1 (SYNC-PROTOCOL.md §3): pairing, then every request to the
 * server with the device token, which never leaves this module except towards the server. Each
 * call is one HTTP exchange with a deadline; failures say when to try again (jittered
 * exponential backoff) and leave the retrying to the renderer's sync loop, which owns the batch.
 */
export function createSyncTransport(deps: SyncTransportDeps): SyncTransport {
  const backoff = deps.backoff ?? createBackoff();
  const timeoutMs = deps.requestTimeoutMs ?? 20_000;
  const maxBytes = deps.maxResponseBytes ?? 16 * 1024 * 1024;
  let cached: { settings: PairingSettings; token: string } | null | undefined;
  let connection: Connection = 'unknown';
  let lastSuccessAt: number | null = null;
  let lastError: SyncStatus['lastError'] = null;

  async function session(): Promise<{ settings: PairingSettings; token: string } | null> {
    if (cached !== undefined) return cached;
    const settings = await deps.settings.load();
    const token = settings ? await deps.secretStore.read().catch(() => null) : null;
    if (settings && !token)
      deps.logger.warn('Paired, but the device token cannot be read: pair again');
    cached = settings && token ? { settings, token } : null;
    return cached;
  }

  function failed(code: string, message: string, state: Connection): void {
    connection = state;
    lastError = { code, message, at: deps.now() };
  }

  function interpret<T>(
    exchange: JsonExchange,
    schema: z.ZodType<T>,
    accepts?: (value: unknown) => boolean,
  ): SyncCallResult<T> {
    if (exchange.kind === 'failed') {
      failed(exchange.reason.toUpperCase(), exchange.message, 'offline');
      return {
        outcome: 'unreachable',
        reason: exchange.reason,
        message: exchange.message,
        retryAfterMs: backoff.failure(),
      };
    }
    const { status, json } = exchange;
    if (status >= 200 && status < 300) {
      const body = safeParseWith(schema, accepts, json);
      if (body.success) {
        backoff.success();
        connection = 'online';
        lastSuccessAt = deps.now();
        return { outcome: 'ok', status, body: body.data };
      }
    }
    const error = errorBodySchema.safeParse(json);
    if (!error.success || status < 400) {
      // A proxy's page, or a server that is not a HealthDesk server.
      const message = `The server's answer (${status}) is not one HealthDesk understands`;
      failed('BAD_RESPONSE', message, 'offline');
      return {
        outcome: 'unreachable',
        reason: 'bad-response',
        message,
        retryAfterMs: backoff.failure(),
      };
    }
    const { code, message } = error.data.error;
    const retryable = status === 429 || status >= 500;
    if (!retryable) backoff.success();
    const state: Connection =
      status === 401
        ? 'unauthenticated'
        : code === 'DEVICE_REVOKED'
          ? 'revoked'
          : status === 426
            ? 'update-required'
            : retryable
              ? 'offline'
              : 'online';
    failed(code, message, state);
    return {
      outcome: 'error',
      status,
      body: error.data,
      ...(retryable ? { retryAfterMs: backoff.failure(error.data.error.retryAfterMs) } : {}),
    };
  }

  /** The server that said in its last answer that it reads "*" in pushed stamps. */
  let compactServer: string | null = null;

  async function call<T>(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    schema: z.ZodType<T>,
    accepts?: (value: unknown) => boolean,
  ): Promise<SyncCallResult<T>> {
    const current = await session();
    if (!current) return { outcome: 'not-paired' };
    const exchange = await requestJson({
      fetch: deps.fetch,
      url: `${current.settings.serverUrl}${path}`,
      method,
      headers: { authorization: `Bearer ${current.token}` },
      body,
      timeoutMs,
      maxBytes,
    });
    // Every answer says whether this server reads "*" in pushed stamps.
    if (exchange.kind === 'response' && exchange.status < 300)
      compactServer =
        exchange.headers.get(COMPACT_STAMPS_HEADER) === 'yes' ? current.settings.serverUrl : null;
    return interpret(exchange, schema, accepts);
  }

  async function status(): Promise<SyncStatus> {
    const current = await session();
    const settings = current?.settings ?? null;
    return {
      paired: settings !== null,
      serverUrl: settings?.serverUrl ?? null,
      insecureLan: settings?.insecureLan ?? false,
      deviceId: settings?.deviceId ?? null,
      deviceName: settings?.deviceName ?? null,
      clinicId: settings?.clinicId ?? null,
      patientId: settings?.patientId ?? null,
      role: settings?.role ?? null,
      serverEpoch: settings?.serverEpoch ?? null,
      pairedAt: settings?.pairedAt ?? null,
      tokenStorage: await deps.secretStore.protection(),
      connection: settings ? connection : 'unknown',
      lastSuccessAt,
      lastError,
      consecutiveFailures: backoff.failures,
    };
  }

  return {
    getStatus: status,

    async pair(request) {
      const checked = checkServerUrl(request.serverUrl, request.allowInsecureLan ?? false);
      if (!checked.ok) return { outcome: checked.problem, message: checked.message };
      const deviceId = await deps.deviceId();
      const exchange = await requestJson({
        fetch: deps.fetch,
        url: `${checked.baseUrl}/v1/pair`,
        method: 'POST',
        body: {
          code: request.code,
          deviceId,
          ...(request.deviceName ? { deviceName: request.deviceName } : {}),
        },
        timeoutMs,
        maxBytes,
      });
      const answer = interpret(exchange, pairResponseSchema);
      if (answer.outcome === 'unreachable') return answer;
      if (answer.outcome === 'error') {
        const { code, message, retryAfterMs } = answer.body.error;
        return {
          outcome: 'refused',
          code,
          message,
          ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        };
      }
      if (answer.outcome !== 'ok' || answer.body.deviceId !== deviceId)
        return {
          outcome: 'unreachable',
          reason: 'bad-response',
          message: 'The server paired another device id',
          retryAfterMs: 0,
        };
      const paired = answer.body;
      // Token first: settings without a readable token read as "not paired", never the reverse.
      await deps.secretStore.write(paired.deviceToken);
      const settings: PairingSettings = {
        version: 1,
        serverUrl: checked.baseUrl,
        insecureLan: checked.insecureLan,
        deviceId,
        deviceName: request.deviceName ?? null,
        clinicId: paired.clinicId,
        patientId: paired.patientId,
        role: paired.role,
        serverEpoch: paired.serverEpoch,
        pairedAt: deps.now(),
      };
      await deps.settings.save(settings);
      cached = { settings, token: paired.deviceToken };
      lastError = null;
      deps.logger.info('Paired with a clinic server', {
        server: checked.baseUrl,
        role: paired.role,
        insecureLan: checked.insecureLan,
      });
      return { outcome: 'paired', status: await status() };
    },

    async unpair() {
      await deps.settings.clear();
      await deps.secretStore.remove();
      cached = null;
      connection = 'unknown';
      lastError = null;
      lastSuccessAt = null;
      backoff.success();
      return status();
    },

    // Stamps go compact only to a server that said it reads them (docs/sync-protocol.md).
    async push(request) {
      const serverUrl = (await session())?.settings.serverUrl ?? null;
      const send = (body: PushRequest) =>
        call('POST', '/v1/push', body, pushResponseSchema, isPushResponse);
      const perField = withPerFieldStamps(request);
      if (perField === request || serverUrl !== compactServer) return send(perField);
      const result = await send(request);
      // A server put back to an older version reads no "*" and refuses the batch unread: the
      // same batch goes again at once, one stamp per field.
      if (result.outcome === 'error' && result.body.error.code === 'MALFORMED') {
        compactServer = null;
        return send(perField);
      }
      return result;
    },
    pull: (request) => call('POST', '/v1/pull', request, pullResponseSchema, isPullResponse),

    async createPairingCode(role, patientId) {
      const current = await session();
      if (!current) return { outcome: 'not-paired' };
      return call(
        'POST',
        '/v1/admin/pairing-codes',
        { clinicId: current.settings.clinicId, role, patientId },
        pairingCodeResponseSchema,
      );
    },

    listHosts: () => call('GET', '/v1/hosts', undefined, hostsResponseSchema),

    hostHistory({ deviceId, from, to, step }) {
      const query = new URLSearchParams({
        from: String(from),
        to: String(to),
        ...(step ? { step } : {}),
      });
      return call(
        'GET',
        `/v1/hosts/${encodeURIComponent(deviceId)}/history?${query.toString()}`,
        undefined,
        hostHistoryResponseSchema,
      );
    },

    async reportHosts(report) {
      const current = await session();
      if (!current) return { sent: 0, result: { outcome: 'not-paired' } };
      const samples = [...report.samples].sort((a, b) => a.t - b.t);
      let sent = 0;
      for (;;) {
        const chunk = samples.slice(sent, sent + HOST_REPORT_MAX_SAMPLES);
        const result = await call(
          'POST',
          '/v1/hosts/report',
          { ...report, deviceId: current.settings.deviceId, samples: chunk },
          hostReportResponseSchema,
        );
        if (result.outcome === 'ok') sent += chunk.length;
        if (result.outcome !== 'ok' || sent >= samples.length) return { sent, result };
      }
    },

    async rotateToken() {
      const answer = await call('POST', '/v1/token/rotate', {}, rotateResponseSchema);
      if (answer.outcome !== 'ok') return answer;
      await deps.secretStore.write(answer.body.deviceToken);
      if (cached) cached = { ...cached, token: answer.body.deviceToken };
      return {
        outcome: 'ok',
        status: answer.status,
        body: { previousValidUntil: answer.body.previousValidUntil },
      };
    },
  };
}
