import { isIP } from 'node:net';

export type ServerUrlCheck =
  | { ok: true; baseUrl: string; insecureLan: boolean }
  | { ok: false; problem: 'invalid-url' | 'insecure-url'; message: string };

function ipv4InPrivateRange(address: string): boolean {
  const [a = -1, b = -1] = address.split('.').map(Number);
  return (
    a === 127 || // loopback
    a === 10 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254) // link-local
  );
}

function ipv6InPrivateRange(address: string): boolean {
  const lower = address.toLowerCase();
  if (lower === '::1') return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped?.[1]) return ipv4InPrivateRange(mapped[1]);
  // WHATWG URLs write an IPv4-mapped address in hex: [::ffff:c0a8:1] is 192.168.0.1.
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex?.[1] && hex[2]) {
    const high = Number.parseInt(hex[1], 16);
    const low = Number.parseInt(hex[2], 16);
    return ipv4InPrivateRange(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`);
  }
  const first = Number.parseInt(lower.split(':')[0] ?? '', 16);
  // fc00::/7 unique local, fe80::/10 link-local.
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80;
}

/**
 * Whether a host is on this machine or this LAN. Names are trusted only where they cannot be
 * public: localhost, mDNS `.local`, and `.home.arpa` (RFC 8375). Any other name may resolve to the
 * internet, so it needs HTTPS (or use the server's LAN address).
 */
export function isLanHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIP(host) === 4) return ipv4InPrivateRange(host);
  if (isIP(host) === 6) return ipv6InPrivateRange(host);
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host.endsWith('.local') ||
    host.endsWith('.home.arpa')
  );
}

/**
 * SYNC-PROTOCOL.md §3: remote servers need HTTPS; http:// only for a loopback or LAN server that
 * an administrator explicitly allowed. Returns the base URL requests are made against.
 */
export function checkServerUrl(input: string, allowInsecureLan: boolean): ServerUrlCheck {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return { ok: false, problem: 'invalid-url', message: 'This is not a web address' };
  }
  if (url.username || url.password || url.search || url.hash)
    return {
      ok: false,
      problem: 'invalid-url',
      message: 'The address must not hold a user, a query or a fragment',
    };
  const baseUrl = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  if (url.protocol === 'https:') return { ok: true, baseUrl, insecureLan: false };
  if (url.protocol !== 'http:')
    return { ok: false, problem: 'invalid-url', message: 'The address must start with https://' };
  if (!isLanHost(url.hostname))
    return {
      ok: false,
      problem: 'insecure-url',
      message: 'A server outside this network needs https://',
    };
  if (!allowInsecureLan)
    return {
      ok: false,
      problem: 'insecure-url',
      message:
        'http:// is allowed only for a server on this network, when an administrator allows it',
    };
  return { ok: true, baseUrl, insecureLan: true };
}
