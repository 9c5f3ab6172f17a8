// Kills Chromium (SIGKILL) in the middle of write bursts through the real repositories, 20
// times on one profile, and checks after every restart that each write the page acknowledged is
// there and that no transaction was half written (see tests/support/pages/inspect-database.ts).
import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repairIndexedDbLogs } from '../../../electron/main/services/leveldb-log-repair';
import { acknowledgedProblems } from '../../support/crash/acknowledged-problems';
import { runBurst } from '../../support/crash/run-burst';
import type { Acknowledged } from '../../support/crash/write-plan';
import { callPage } from '../../support/pages/call-page';
import type { Inspection } from '../../support/pages/inspect-database';
import { serveTestPages } from '../../support/pages/open-test-page';
import type { StaticServer } from '../../support/pages/serve-directory';
import type { ChromiumProcess } from '../../helpers/chromium-process';
import { launchChromiumProcess } from '../../helpers/chromium-process';

const FIXED_SEEDS = [
  11, 23, 37, 41, 59, 61, 73, 89, 97, 101, 113, 127, 131, 149, 151, 167, 173, 181, 191,
];
const RANDOM_SEED = Number(process.env.HEALTHDESK_CRASH_SEED ?? randomInt(1, 2 ** 31));
const SEEDS = [...FIXED_SEEDS, RANDOM_SEED];
const LANES = 4;
const PATIENTS = 4;

let server: StaticServer;
let profile: string;
let browser: ChromiumProcess | null = null;
let tornLogTails = 0;

beforeAll(async () => {
  server = await serveTestPages(['db']);
  profile = mkdtempSync(path.join(os.tmpdir(), 'healthdesk-crash-profile-'));
}, 60_000);

afterAll(async () => {
  await browser?.kill();
  await server.close();
  rmSync(profile, { recursive: true, force: true });
});

/**
 * The same profile on the same origin each time: IndexedDB data belongs to the origin. First what
 * the app's main process does at start-up before its window exists: cut off a log record the
 * kill left unfinished, which Chromium would otherwise turn into the loss of the whole database.
 */
async function reopen(): Promise<ChromiumProcess> {
  const report = repairIndexedDbLogs(path.join(profile, 'Default', 'IndexedDB'));
  expect(report.damaged, 'a database log damaged before its end').toEqual([]);
  tornLogTails += report.repaired.length;
  const launched = await launchChromiumProcess(profile);
  await launched.page.goto(`${server.origin}/db.html`);
  await callPage(launched.page, 'dbPage', 'open', 'healthdesk', 'ours');
  return launched;
}

function active(inspection: Inspection): { id: string; patientId: string }[] {
  return inspection.readings.filter((reading) => reading.status === 'active');
}

describe('crash reliability of the local database', () => {
  it('keeps every acknowledged write and no half-written transaction across 20 kills', async () => {
    const context = `seeds ${JSON.stringify(FIXED_SEEDS)} + random seed ${RANDOM_SEED} (replay it with HEALTHDESK_CRASH_SEED=${RANDOM_SEED})`;
    const saved: Acknowledged[] = [];
    browser = await reopen();
    const patientIds: string[] = [];
    for (let index = 0; index < PATIENTS; index++)
      patientIds.push(await callPage(browser.page, 'dbPage', 'createPatient', index + 1));
    let inspection = await callPage(browser.page, 'dbPage', 'inspect');
    let unacknowledgedButKept = 0;

    for (const [cycle, seed] of SEEDS.entries()) {
      const correctable = active(inspection);
      const openAtKill = await runBurst({
        target: browser,
        seed,
        name: `c${cycle}`,
        lanes: LANES,
        patientIds,
        correctable,
        onAcknowledged: (write) => saved.push(write),
      });
      browser = null;
      expect(openAtKill, `${context}: kill ${cycle + 1} hit no open write`).toBeGreaterThan(0);

      browser = await reopen();
      inspection = await callPage(browser.page, 'dbPage', 'inspect');
      const where = `${context}, after kill ${cycle + 1} (seed ${seed})`;
      expect(inspection.patientIds.sort(), where).toEqual([...patientIds].sort());
      expect(inspection.problems, where).toEqual([]);
      expect(acknowledgedProblems(saved, inspection.readings), where).toEqual([]);
      const tags = new Set(saved.map((write) => write.tag));
      unacknowledgedButKept += new Set(
        inspection.readings
          .map((reading) => reading.notes.split('#')[0] ?? '')
          .filter((tag) => tag.startsWith(`c${cycle}-`) && !tags.has(tag)),
      ).size;
    }
    await browser.close();
    browser = null;
    console.log(
      `crash test: ${SEEDS.length} kills, ${saved.length} acknowledged writes kept, ` +
        `${inspection.readings.length} readings, ${inspection.outboxEntries} outbox entries, ` +
        `${unacknowledgedButKept} writes committed but not yet acknowledged when killed (kept whole), ` +
        `${tornLogTails} torn log records cut off before a restart`,
    );
  }, 240_000);
});
