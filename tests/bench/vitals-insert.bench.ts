// Bulk insert of a clinic's year of readings (200 patients × 5,000 = 1M) through our import path
// (readings + outbox entry + clock + daily summaries in one transaction, strict durability),
// against a raw IndexedDB put loop writing the same readings with the same index, batch size and
// durability. The two alternate batch by batch in one browser, so each pair of batches sees the
// same moment of a shared, noisy machine; the ratio is the median of those pairs.
import { callPage } from '../support/pages/call-page';
import { startPageSession } from '../support/pages/open-test-page';
import { median, report } from './report';

const PATIENTS = Number(process.env.HEALTHDESK_BENCH_PATIENTS ?? 200);
const READINGS_PER_PATIENT = 5_000;

async function main(): Promise<void> {
  const session = await startPageSession(['db']);
  const ours: number[] = [];
  const raw: number[] = [];
  const ratios: number[] = [];
  let batchSize = 0;
  try {
    const { page } = await session.open('db');
    await callPage(page, 'dbPage', 'open', 'healthdesk', 'ours');
    await callPage(page, 'dbPage', 'open', 'raw-put-baseline', 'raw');
    const end = Date.now();
    for (let patient = 0; patient < PATIENTS; patient++) {
      const result = await callPage(page, 'dbPage', 'insertPatientYear', {
        seed: patient + 1,
        count: READINGS_PER_PATIENT,
        end,
        raw: true,
      });
      batchSize = result.batchSize;
      for (const [index, oursMs] of result.oursMs.entries()) {
        const rawMs = result.rawMs[index] ?? Number.NaN;
        ours.push(oursMs);
        raw.push(rawMs);
        ratios.push(rawMs / oursMs);
      }
      if ((patient + 1) % 20 === 0)
        console.error(
          `${(patient + 1) * READINGS_PER_PATIENT} readings each: ratio so far ${median(ratios).toFixed(3)}`,
        );
    }
  } finally {
    await session.close();
  }
  const perSecond = (ms: number) => (batchSize / ms) * 1000;
  const total = (times: number[]) => times.reduce((sum, ms) => sum + ms, 0);
  const baseline = `vitals.insert.rawPut: a raw IndexedDB put loop, same readings, index, transactions of ${batchSize} and strict durability, alternating transaction by transaction`;
  report({
    name: 'vitals.insert.rawPut.recordsPerSecond',
    value: perSecond(median(raw)),
    unit: 'records/s',
  });
  report({
    name: 'vitals.insert.ours.recordsPerSecond',
    value: perSecond(median(ours)),
    unit: 'records/s',
    baseline,
    ratio: median(ratios),
  });
  report({
    name: 'vitals.insert.ours.recordsPerSecond.overall',
    value: (ours.length * batchSize * 1000) / total(ours),
    unit: 'records/s',
    baseline: `${baseline} (overall ${Math.round((raw.length * batchSize * 1000) / total(raw))} records/s)`,
    ratio: total(raw) / total(ours),
  });
  report({ name: 'vitals.insert.records', value: ours.length * batchSize, unit: 'records each' });
}

await main();
