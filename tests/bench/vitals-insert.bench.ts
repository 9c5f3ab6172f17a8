// Bulk insert of a clinic's year of readings (200 patients × 5,000 = 1M) through our import path
// (readings + outbox entry + clock + daily summaries in one transaction, strict durability),
// against a raw IndexedDB put loop writing the same readings with the same index, batch size and
// durability. The two alternate batch by batch in one browser, so each pair of batches sees the
// same moment of a shared, noisy machine; the ratio is the median of those pairs.
//
// Each database lives in an origin of its own, as the app's does: databases of one origin share
// one store on disk, and there the one created first was measured about 5 % slower whatever wrote
// to it (docs/architecture.md, "Bulk import speed").
import type { Page } from 'playwright-core';
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
    const { context, page: oursPage } = await session.open('db');
    const rawPage = await context.newPage();
    await rawPage.goto(session.urlOn('db', 'localhost'));
    await callPage(oursPage, 'dbPage', 'open', 'healthdesk', 'ours');
    await callPage(rawPage, 'dbPage', 'open', 'raw-put-baseline', 'raw');
    const write = (page: Page, index: number) =>
      callPage(page, 'dbPage', 'writePreparedBatch', index);
    const end = Date.now();
    for (let patient = 0; patient < PATIENTS; patient++) {
      const year = { seed: patient + 1, count: READINGS_PER_PATIENT, end };
      const prepared = await callPage(oursPage, 'dbPage', 'prepareYear', year);
      await callPage(rawPage, 'dbPage', 'prepareYear', year);
      batchSize = prepared.batchSize;
      for (let index = 0; index < prepared.batches; index++) {
        // Each goes first in turn: both see the same moment of a shared machine.
        const rawFirst = ours.length % 2 === 0;
        const firstMs = await write(rawFirst ? rawPage : oursPage, index);
        const secondMs = await write(rawFirst ? oursPage : rawPage, index);
        const [rawMs, oursMs] = rawFirst ? [firstMs, secondMs] : [secondMs, firstMs];
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
  const baseline = `vitals.insert.rawPut: a raw IndexedDB put loop in an origin of its own, same readings, index, transactions of ${batchSize} and strict durability, alternating transaction by transaction`;
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
