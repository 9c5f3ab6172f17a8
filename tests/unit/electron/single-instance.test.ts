import { expect, it, vi } from 'vitest';
import type { FakeElectron } from '../../helpers/fake-electron';

const fake = await vi.hoisted(async () => {
  const { createFakeElectron } = await import('../../helpers/fake-electron');
  const created = createFakeElectron();
  created.electron.app.requestSingleInstanceLock = () => false;
  return created;
});
vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

it('quits at once when another HealthDesk already holds the single-instance lock', async () => {
  const { calls }: FakeElectron = fake;
  await import('../../../electron/main/index');
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(calls.quit).toBe(1);
  expect(calls.windows).toHaveLength(0);
  expect(calls.ipcHandlers.size).toBe(0);
});
