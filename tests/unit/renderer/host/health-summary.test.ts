import { describe, expect, it } from 'vitest';
import { summariseHealth } from '../../../../renderer/src/features/host/health-summary';
import { storageLevel } from '../../../../renderer/src/features/host/storage-level';
import { T0, alert } from '../host-fixtures';

const disk = alert({
  ruleId: 'disk-nearly-full',
  metric: 'disk.usedPercent',
  subject: '/',
  threshold: 90,
  value: 93.4,
});

describe('health summary', () => {
  it('says all is good when every measured rule is ok', () => {
    expect(summariseHealth([alert({}), { ...disk, value: 40 }], 'en')).toEqual({
      level: 'ok',
      key: 'allGood',
      params: {},
      more: 0,
    });
  });

  it('names a firing alert with its figure, the most urgent first, and counts the others', () => {
    const summary = summariseHealth(
      [alert({ state: 'firing', value: 99 }), { ...disk, state: 'firing' }],
      'en',
    );
    expect(summary).toEqual({
      level: 'critical',
      key: 'diskUsedPercent',
      params: { subject: '/', value: '93%' },
      more: 1,
    });
  });

  it('warns about a condition over its threshold that has not lasted long enough to fire', () => {
    const summary = summariseHealth([{ ...disk, breachedSince: T0 }], 'es');
    expect(summary).toMatchObject({
      level: 'warning',
      params: { subject: '/', value: '93\u00a0%' },
    });
  });

  it('says the health is unknown while no rule has data', () => {
    const unknown = [
      alert({ state: 'unknown', value: null }),
      alert({ ruleId: 'sampler-stale', metric: 'sampler.staleSeconds', value: 2 }),
    ];
    expect(summariseHealth(unknown, 'en').level).toBe('unknown');
  });

  it('gives the silence of a stalled sampler in seconds', () => {
    const stale = alert({
      ruleId: 'sampler-stale',
      metric: 'sampler.staleSeconds',
      state: 'firing',
      value: 45.4,
    });
    expect(summariseHealth([stale], 'en').params.value).toBe('45 sec');
  });
});

describe('storage levels', () => {
  it('warns ten points before the disk alert threshold and is critical at it', () => {
    expect(storageLevel(79.9)).toBe('ok');
    expect(storageLevel(80)).toBe('warning');
    expect(storageLevel(90)).toBe('critical');
  });
});
