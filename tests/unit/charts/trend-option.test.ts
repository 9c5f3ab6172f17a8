import { describe, expect, it } from 'vitest';
import type { UnitPreferences } from '@shared/domain/units';
import { LIGHT_PALETTE } from '../../../renderer/src/components/charts/palette';
import { bandsFor } from '../../../renderer/src/features/vitals/charts/bands';
import { toSeries, unitLabel } from '../../../renderer/src/features/vitals/charts/chart-measures';
import type { ChartMeasure } from '../../../renderer/src/features/vitals/charts/chart-measures';
import { trendOption } from '../../../renderer/src/features/vitals/charts/trend-option';
import { renderChartSvg } from '../../helpers/echarts-svg';

const T0 = Date.UTC(2026, 5, 1);
const HOUR = 3_600_000;
const EU: UnitPreferences = { glucose: 'mmol/L', temperature: '°C', weight: 'kg' };
const US: UnitPreferences = { glucose: 'mg/dL', temperature: '°F', weight: 'lb' };
const BAND_NAMES = {
  normal: 'Normal',
  elevated: 'Elevated',
  stage1: 'Stage 1',
  stage2: 'Stage 2',
  crisis: 'Crisis',
  target: 'Target',
  low: 'Low',
  veryLow: 'Very low',
  high: 'High',
  veryHigh: 'Very high',
  fever: 'Fever',
};

function option(
  measure: ChartMeasure,
  readings: { takenAt: number; [key: string]: number | null }[],
  units: UnitPreferences,
) {
  return trendOption({
    series: toSeries(readings, measure, units),
    seriesNames: measure === 'bloodPressure' ? ['Systolic', 'Diastolic'] : [measure],
    unit: unitLabel(measure, units),
    decimals: measure === 'glucose' && units.glucose === 'mmol/L' ? 1 : 0,
    bands: bandsFor(measure, units),
    bandNames: BAND_NAMES,
    palette: LIGHT_PALETTE,
    locale: 'en',
    window: [T0, T0 + 48 * HOUR],
    title: `${measure} trend`,
  });
}

describe('trend chart option', () => {
  it('draws blood pressure with both series and the ACC/AHA bands behind them', () => {
    const readings = [118, 124, 133, 146, 185].map((systolic, index) => ({
      takenAt: T0 + index * 6 * HOUR,
      systolic,
      diastolic: systolic - 40,
    }));
    const svg = renderChartSvg(option('bloodPressure', readings, EU));
    expect(svg).toMatchSnapshot();
    for (const label of [
      'Normal',
      'Elevated',
      'Stage 1',
      'Stage 2',
      'Crisis',
      'Systolic',
      'Diastolic',
    ])
      expect(svg).toContain(label);
  });

  it('converts glucose and its target band with the same code (mmol/L)', () => {
    const readings = [65, 110, 190, 260].map((glucose, index) => ({
      takenAt: T0 + index * 8 * HOUR,
      glucose,
    }));
    const built = option('glucose', readings, EU) as {
      series: { data: number[][]; markArea: { data: { yAxis: number | string }[][] } }[];
    };
    expect(built.series[0]?.data.map((point) => point[1])).toEqual([3.6, 6.1, 10.5, 14.4]);
    const target = built.series[0]?.markArea.data[2];
    expect(target?.[0]?.yAxis).toBeCloseTo(70 / 18.016, 6);
    expect(target?.[1]?.yAxis).toBeCloseTo(180 / 18.016, 6);
    expect(renderChartSvg(option('glucose', readings, EU))).toMatchSnapshot();
  });

  it('shows temperature in °F with the fever line at 100.4 °F', () => {
    const readings = [36.5, 37.2, 38.4].map((temperature, index) => ({
      takenAt: T0 + index * 10 * HOUR,
      temperature,
    }));
    const built = option('temperature', readings, US) as {
      series: { data: number[][]; markArea: { data: { yAxis: number | string }[][] } }[];
    };
    expect(built.series[0]?.data.map((point) => point[1])).toEqual([97.7, 99, 101.1]);
    expect(built.series[0]?.markArea.data[2]?.[0]?.yAxis).toBeCloseTo(100.4, 6);
  });

  it('down-samples dense series with LTTB and drops markers and animation', () => {
    const readings = Array.from({ length: 5000 }, (_, index) => ({
      takenAt: T0 + index * 300_000,
      glucose: 100 + Math.sin(index / 20) * 40,
    }));
    const built = option('glucose', readings, US) as {
      animation: boolean;
      series: { sampling?: string; showSymbol: boolean }[];
    };
    expect(built.animation).toBe(false);
    expect(built.series[0]).toMatchObject({ sampling: 'lttb', showSymbol: false });
  });
});
