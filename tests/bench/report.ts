/** One benchmark figure, printed as a JSON line by `npm run bench`. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** What was measured beside it in the same run. */
  baseline?: string;
  /** How many times better than the baseline (> 1 is better). */
  ratio?: number;
}

export function report(figure: Figure): void {
  const rounded: Figure = {
    ...figure,
    value: round(figure.value),
    ...(figure.ratio === undefined ? {} : { ratio: round(figure.ratio) }),
  };
  process.stdout.write(JSON.stringify(rounded) + '\n');
}

function round(value: number): number {
  return Math.abs(value) >= 100 ? Math.round(value * 10) / 10 : Math.round(value * 1000) / 1000;
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return (sorted[low] ?? 0) + ((sorted[high] ?? 0) - (sorted[low] ?? 0)) * (position - low);
}
