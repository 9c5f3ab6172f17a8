export interface InterfaceCounters {
  rxBytes: number;
  txBytes: number;
}

/**
 * Parses /proc/net/dev: two header lines, then "name: rx_bytes packets ... tx_bytes ...".
 * The loopback interface is left out: its traffic never leaves the PC.
 */
export function parseNetDev(text: string): Map<string, InterfaceCounters> {
  const counters = new Map<string, InterfaceCounters>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    if (name === 'lo') continue;
    const fields = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/);
    const rxBytes = Number(fields[0]);
    const txBytes = Number(fields[8]);
    if (!(rxBytes >= 0) || !(txBytes >= 0)) continue;
    counters.set(name, { rxBytes, txBytes });
  }
  return counters;
}
