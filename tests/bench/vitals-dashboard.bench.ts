// A patient's dashboard (latest per measure, 7/30/90-day statistics, 90-day daily series) with
// 1M readings in the database (200 patients × a year), from the daily summaries kept on write,
// against the same figures computed from the patient's raw readings of the last 90 days.
import { callPage } from '../support/pages/call-page';
import { startPageSession } from '../support/pages/open-test-page';
import { median, quantile, report } from './report';

const PATIENTS = Number(process.env.HEALTHDESK_BENCH_PATIENTS ?? 200);
const READINGS_PER_PATIENT = 5_000;
const PASSES = 2;
const WARM_UP = 10;

function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(Math.random() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}

async function main(): Promise<void> {
  const session = await startPageSession(['db']);
  const end = Date.now();
  const patientIds: string[] = [];
  const ours: number[] = [];
  const scan: number[] = [];
  try {
    const filling = await session.open('db');
    await callPage(filling.page, 'dbPage', 'open', 'healthdesk', 'ours');
    for (let patient = 0; patient < PATIENTS; patient++) {
      const year = { seed: patient + 1, count: READINGS_PER_PATIENT, end };
      const prepared = await callPage(filling.page, 'dbPage', 'prepareYear', year);
      for (let index = 0; index < prepared.batches; index++)
        await callPage(filling.page, 'dbPage', 'writePreparedBatch', index);
      patientIds.push(prepared.patientId);
      if ((patient + 1) % 50 === 0)
        console.error(`filled ${(patient + 1) * READINGS_PER_PATIENT} readings`);
    }
    await filling.context.close();

    // A fresh browser on the same profile: the dashboard is read from disk, not from the
    // writes' caches.
    const { page } = await session.open('db');
    await callPage(page, 'dbPage', 'open', 'healthdesk', 'ours');
    for (const patientId of patientIds.slice(0, WARM_UP)) {
      await callPage(page, 'dbPage', 'timeDashboard', patientId, end);
      await callPage(page, 'dbPage', 'timeReadingScan', patientId, end);
    }
    for (let pass = 0; pass < PASSES; pass++) {
      // Patients in random order, as a clinic opens them: neighbours on disk are not favoured.
      const order = shuffled(patientIds);
      for (const [index, patientId] of order.entries()) {
        const oursFirst = index % 2 === 0;
        const first = await callPage(
          page,
          'dbPage',
          oursFirst ? 'timeDashboard' : 'timeReadingScan',
          patientId,
          end,
        );
        const second = await callPage(
          page,
          'dbPage',
          oursFirst ? 'timeReadingScan' : 'timeDashboard',
          patientId,
          end,
        );
        if (first.fingerprint !== second.fingerprint)
          throw new Error(`The dashboard and its baseline disagree for patient ${patientId}`);
        ours.push(oursFirst ? first.ms : second.ms);
        scan.push(oursFirst ? second.ms : first.ms);
      }
    }
  } finally {
    await session.close();
  }
  const baseline = "the same figures from the patient's raw readings of the last 90 days";
  report({
    name: 'vitals.dashboard.summaries.median',
    value: median(ours),
    unit: 'ms',
    baseline,
    ratio: median(scan) / median(ours),
  });
  report({
    name: 'vitals.dashboard.summaries.p95',
    value: quantile(ours, 0.95),
    unit: 'ms',
    baseline,
    ratio: quantile(scan, 0.95) / quantile(ours, 0.95),
  });
  report({ name: 'vitals.dashboard.readingScan.median', value: median(scan), unit: 'ms' });
  report({ name: 'vitals.dashboard.readingScan.p95', value: quantile(scan, 0.95), unit: 'ms' });
  report({
    name: 'vitals.dashboard.readingsInDatabase',
    value: PATIENTS * READINGS_PER_PATIENT,
    unit: 'readings',
  });
}

await main();
