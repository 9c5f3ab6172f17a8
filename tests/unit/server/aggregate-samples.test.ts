import { describe, expect, it } from 'vitest';
import { aggregatePoints, asPoint } from '../../../server/hosts/aggregate-samples';
import { hostSample } from '../../helpers/sync/host-samples';

describe('host aggregates', () => {
  it('weights the mean by minutes and keeps the extremes and the latest file systems', () => {
    const hour = { ...asPoint(hostSample(0, 10)), minutes: 59 };
    const minute = asPoint(
      hostSample(3_600_000, 70, { fileSystems: [{ mount: 'C:', usedBytes: 1, sizeBytes: 2 }] }),
    );
    const point = aggregatePoints(0, [minute, hour]);
    expect(point?.minutes).toBe(60);
    expect(point?.cpu).toEqual({ min: 5, avg: (10 * 59 + 70) / 60, max: 75 });
    expect(point?.fileSystems).toEqual([{ mount: 'C:', usedBytes: 1, sizeBytes: 2 }]);
  });

  it('keeps a figure null only where no point measured it', () => {
    const withoutDisk = asPoint(hostSample(0, 10, { diskRead: null, diskWrite: null }));
    const withDisk = asPoint(hostSample(60_000, 10));
    expect(aggregatePoints(0, [withoutDisk])?.diskRead).toBeNull();
    expect(aggregatePoints(0, [withoutDisk, withDisk])?.diskRead).toEqual(withDisk.diskRead);
    expect(aggregatePoints(0, [])).toBeNull();
  });
});
