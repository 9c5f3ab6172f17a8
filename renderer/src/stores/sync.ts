import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { SyncPairRequest, SyncPairResult, SyncStatus } from '@shared/contract/sync';
import type { PairingCodeResponse, Role } from '@shared/sync/protocol';
import { useDatabase, useDatabaseKind } from '../db/provide';
import { countPendingChanges } from '../db/sync/outbox';
import type { SyncOutcome } from '../db/sync/sync-once';
import { LAST_SYNC_KEY, readState } from '../db/sync/state';
import { adoptClinicPatient } from '../db/sync/adopt';
import { wipeSyncedData } from '../db/sync/wipe';
import { useHostApi } from '../host/host-api';
import { reloadHome } from '../reload';
import { hostSyncTransport } from '../sync/host-sync-transport';
import { startSyncLoop } from '../sync/sync-loop';
import { describeSync } from '../sync/sync-summary';
import { useSessionStore } from './session';

export interface RejectedChange {
  changeId: string;
  at: number;
  code: string;
  table: string;
  recordId: string;
}

export type CodeResult = { ok: true; code: PairingCodeResponse } | { ok: false; message: string };

/**
 * Sync with the clinic as the person sees it: whether this PC is paired, when it last synced,
 * how many changes wait, what went wrong and what to do. The loop itself runs in the background;
 * nothing here ever makes the user wait for the network.
 */
export const useSyncStore = defineStore('sync', () => {
  const api = useHostApi();
  const db = useDatabase();
  const kind = useDatabaseKind();
  const status = ref<SyncStatus | null>(null);
  const running = ref(false);
  const outcome = shallowRef<{ value: SyncOutcome; at: number } | null>(null);
  const pending = ref(0);
  const lastSyncedAt = ref<number | null>(null);
  const rejections = ref<RejectedChange[]>([]);
  let loop: ReturnType<typeof startSyncLoop> | null = null;

  /** The demo clinic never syncs: it lives in its own database, apart from the clinic's data. */
  const available = computed(() => kind === 'real');
  const summary = computed(() =>
    describeSync({
      paired: status.value?.paired === true,
      running: running.value,
      outcome: outcome.value?.value ?? null,
      pending: pending.value,
    }),
  );

  /** Re-reads what waits, when this PC last synced and what was refused; resolves with what waits. */
  async function refreshLocal(): Promise<number> {
    const [waiting, last, rejected] = await Promise.all([
      countPendingChanges(db),
      readState<number>(db, LAST_SYNC_KEY),
      db._rejections.orderBy('changeId').reverse().toArray(),
    ]);
    pending.value = waiting;
    lastSyncedAt.value = last;
    rejections.value = rejected.map((entry) => {
      const change = entry.change as { table?: string; id?: string };
      return {
        changeId: entry.changeId,
        at: entry.at,
        code: entry.code,
        table: change.table ?? '',
        recordId: change.id ?? '',
      };
    });
    return waiting;
  }

  async function refreshStatus(): Promise<void> {
    const answer = await api.sync.getStatus();
    if (answer.ok) status.value = answer.value;
  }

  async function onOutcome(result: SyncOutcome, at: number): Promise<void> {
    outcome.value = { value: result, at };
    if (result.kind === 'stopped' && result.reason === 'revoked') {
      // The clinic removed this PC: its records go, as the clinic asked (SYNC-PROTOCOL §5).
      stopLoop();
      await wipeSyncedData(db);
      await api.sync.unpair();
      reloadHome();
      return;
    }
    await Promise.all([refreshStatus(), refreshLocal()]);
  }

  function startLoop(): void {
    if (loop || !available.value || !status.value?.paired) return;
    loop = startSyncLoop({
      db,
      transport: hostSyncTransport(api),
      scopePatientId: status.value.role === 'patient' ? status.value.patientId : null,
      onOutcome: (result, at) => void onOutcome(result, at),
      onRunning: (value) => {
        running.value = value;
      },
      onPendingChanged: refreshLocal,
    });
  }

  function stopLoop(): void {
    loop?.stop();
    loop = null;
  }

  /** At start-up: find out whether this PC is paired and, if so, start syncing. */
  async function start(): Promise<void> {
    if (!available.value) return;
    await Promise.all([refreshStatus(), refreshLocal()]);
    startLoop();
  }

  async function pair(request: SyncPairRequest): Promise<SyncPairResult | null> {
    const answer = await api.sync.pair(request);
    if (!answer.ok) return null;
    if (answer.value.outcome === 'paired') {
      const paired = answer.value.status;
      if (paired.role === 'patient' && paired.patientId !== null) {
        const session = useSessionStore();
        await adoptClinicPatient(db, session.settings.selfPatientId, paired.patientId, Date.now());
        await session.load();
      }
      status.value = paired;
      outcome.value = null;
      startLoop();
    }
    return answer.value;
  }

  /** Stops syncing; the records on this PC stay. */
  async function unpair(): Promise<void> {
    stopLoop();
    const answer = await api.sync.unpair();
    if (answer.ok) status.value = answer.value;
    outcome.value = null;
  }

  async function syncNow(): Promise<void> {
    if (!loop) startLoop();
    await loop?.syncNow();
  }

  async function createPairingCode(role: Role, patientId: string | null): Promise<CodeResult> {
    const answer = await api.sync.createPairingCode({ role, patientId });
    if (!answer.ok) return { ok: false, message: answer.error.message };
    const result = answer.value;
    if (result.outcome === 'ok') return { ok: true, code: result.body };
    if (result.outcome === 'error') return { ok: false, message: result.body.error.message };
    if (result.outcome === 'unreachable') return { ok: false, message: result.message };
    return { ok: false, message: 'not-paired' };
  }

  async function dismissRejection(changeId: string): Promise<void> {
    await db._rejections.delete(changeId);
    await refreshLocal();
  }

  return {
    status,
    running,
    outcome,
    pending,
    lastSyncedAt,
    rejections,
    available,
    summary,
    start,
    pair,
    unpair,
    syncNow,
    createPairingCode,
    dismissRejection,
    refreshLocal,
  };
});
