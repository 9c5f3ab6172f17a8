import type { ChromiumProcess } from '../../helpers/chromium-process';
import { callPage } from '../pages/call-page';
import { seededRandom } from '../pages/random-values';
import type { Acknowledged } from './write-plan';
import { acknowledged, nextWrite } from './write-plan';

export interface Burst {
  target: ChromiumProcess;
  seed: number;
  /** Prefix of every write's tag, so writes of different bursts never share one. */
  name: string;
  lanes: number;
  patientIds: readonly string[];
  /** Active readings (with their patient) that corrections may take; acknowledged adds join. */
  correctable: { id: string; patientId: string }[];
  onAcknowledged(write: Acknowledged): void;
}

/**
 * Runs writes in parallel lanes until a seeded number of them was acknowledged, then kills the
 * browser a seeded few milliseconds later, while the lanes' next writes are open. Resolves with
 * how many writes were open at that moment.
 */
export async function runBurst(burst: Burst): Promise<number> {
  const random = seededRandom(burst.seed);
  const killAfter = 4 + Math.floor(random() * 20);
  const delayMs = Math.floor(random() * 25);
  const state = { written: 0, acknowledged: 0, open: 0, openAtKill: 0, killed: false };
  let killing: Promise<void> = Promise.resolve();
  // Read through a function: the flag changes while a lane awaits, which narrowing cannot see.
  const killed = () => state.killed;

  const kill = async () => {
    // A random moment within the writes that follow, not the instant an answer arrived.
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    state.killed = true;
    state.openAtKill = state.open;
    await burst.target.kill();
  };
  const lane = async () => {
    while (!killed()) {
      const write = nextWrite(
        random,
        `${burst.name}-w${state.written++}`,
        burst.patientIds,
        burst.correctable,
        Date.now(),
      );
      state.open++;
      try {
        const saved = acknowledged(
          write,
          await callPage(burst.target.page, 'dbPage', 'write', write),
        );
        burst.onAcknowledged(saved);
        if (saved.kind === 'add')
          burst.correctable.push({ id: saved.id, patientId: saved.patientId });
        if (++state.acknowledged === killAfter) killing = kill();
      } catch (error) {
        // Once the browser is gone, unanswered writes fail: that is the crash, not a bug.
        if (killed()) return;
        throw error;
      } finally {
        state.open--;
      }
    }
  };
  await Promise.all(Array.from({ length: burst.lanes }, lane));
  await killing;
  return state.openAtKill;
}
