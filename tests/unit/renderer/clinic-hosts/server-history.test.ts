import { describe, expect, it } from 'vitest';
import { LIGHT_PALETTE } from '../../../../renderer/src/components/charts/palette';
import { hostFigures } from '../../../../renderer/src/features/clinic-hosts/host-figures';
import { toHostHistory } from '../../../../renderer/src/features/clinic-hosts/server-history';
import { historyChartOption } from '../../../../renderer/src/features/host/charts/host-charts';
import { createAppI18n } from '../../../../renderer/src/i18n';
import { MINUTE, RECEPTION, SERVER_NOW, hosts, minuteHistory } from './fixtures';

const i18n = createAppI18n({ getItem: () => null }, ['en']);
const context = {
  palette: LIGHT_PALETTE,
  t: (key: string, params?: Record<string, unknown>) =>
    params ? i18n.global.t(key, params) : i18n.global.t(key),
  locale: 'en',
  timeZone: 'UTC',
};

describe('a clinic PC’s history for the host charts', () => {
  const to = SERVER_NOW;
  const from = to - 60 * MINUTE;
  const history = toHostHistory(minuteHistory(RECEPTION, to), from, to);

  it('keeps every figure of every minute, at the server’s step', () => {
    expect(history).toMatchObject({ tier: 'minute', stepMs: MINUTE, from, to });
    expect(history.points).toHaveLength(48);
    expect(history.points[0]).toMatchObject({
      stepMs: MINUTE,
      cpuPercent: { avg: 20 },
      memoryPercent: { avg: 62 },
      diskReadBytesPerSec: null,
      diskWriteBytesPerSec: { avg: 2000 },
      fileSystems: [{ mount: '/', usedPercent: 40 }],
    });
  });

  it('marks the stretch the PC sent nothing as having no data, not the minute in progress', () => {
    const first = history.points[0]?.start ?? 0;
    expect(history.gaps).toEqual([{ from: first + 20 * MINUTE, to: first + 30 * MINUTE }]);
  });

  it('is drawn by the host view’s own chart builder, with the hole shaded', () => {
    const option = historyChartOption('cpu', history, 'Last hour', context) as Record<
      string,
      unknown
    >;
    const source = (option.dataset as { source: Record<string, Float64Array> }).source;
    expect(Array.from(source.c0 ?? []).filter((value) => !Number.isNaN(value))).toHaveLength(48);
    const series = option.series as { markArea?: { data: unknown[] } }[];
    expect(series.some((s) => (s.markArea?.data.length ?? 0) > 0)).toBe(true);
  });
});

describe('a clinic PC’s latest figures', () => {
  it('gives processor, memory and the fullest disk, or nothing for a PC never seen', () => {
    const [own, reception, fresh] = hosts();
    expect(hostFigures(own!)).toEqual({
      cpuPercent: 23,
      memoryPercent: 62,
      disk: { mount: '/', usedPercent: 40 },
      at: SERVER_NOW - 90_000,
    });
    expect(hostFigures(reception!).disk).toEqual({ mount: '/data', usedPercent: 93 });
    expect(hostFigures(fresh!)).toEqual({
      cpuPercent: null,
      memoryPercent: null,
      disk: null,
      at: null,
    });
  });
});
