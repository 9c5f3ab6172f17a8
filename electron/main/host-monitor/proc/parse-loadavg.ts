export interface LoadReading {
  one: number;
  five: number;
  fifteen: number;
}

/** Parses /proc/loadavg: "0.52 0.58 0.59 1/1234 5678". */
export function parseLoadavg(text: string): LoadReading {
  const [one, five, fifteen] = text.trim().split(/\s+/).slice(0, 3).map(Number);
  if ([one, five, fifteen].some((value) => value === undefined || !(value >= 0))) {
    throw new Error(`Unreadable /proc/loadavg: ${text.slice(0, 80)}`);
  }
  return { one: one ?? 0, five: five ?? 0, fifteen: fifteen ?? 0 };
}
