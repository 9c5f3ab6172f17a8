import { describe, expect, it } from 'vitest';
import { checkServerUrl } from '../../../../electron/main/services/sync/server-url';

describe('server addresses (HTTPS rule and the LAN opt-in)', () => {
  it('accepts https anywhere and gives the base URL without a trailing slash', () => {
    expect(checkServerUrl('https://sync.clinic.example/', false)).toEqual({
      ok: true,
      baseUrl: 'https://sync.clinic.example',
      insecureLan: false,
    });
    expect(checkServerUrl(' https://example.org/healthdesk/ ', false)).toMatchObject({
      ok: true,
      baseUrl: 'https://example.org/healthdesk',
    });
  });

  it('refuses http to anything that may be on the internet, even with the opt-in', () => {
    for (const url of [
      'http://sync.clinic.example',
      'http://8.8.8.8',
      'http://172.32.0.1',
      'http://clinic-server:8787',
      'http://[2001:db8::1]',
      'http://192.169.1.1',
    ]) {
      expect(checkServerUrl(url, true), url).toMatchObject({ ok: false, problem: 'insecure-url' });
    }
  });

  it('allows http to loopback and private addresses only with the administrator’s opt-in', () => {
    const lan = [
      'http://127.0.0.1:8787',
      'http://localhost:8787',
      'http://10.1.2.3',
      'http://172.16.0.1',
      'http://172.31.255.255',
      'http://192.168.1.20:8787',
      'http://169.254.10.10',
      'http://[::1]:8787',
      'http://[fd12:3456::1]',
      'http://[fe80::1]',
      'http://[::ffff:192.168.0.1]',
      'http://front-desk.local:8787',
      'http://server.home.arpa',
    ];
    for (const url of lan) {
      expect(checkServerUrl(url, false), url).toMatchObject({ ok: false, problem: 'insecure-url' });
      expect(checkServerUrl(url, true), url).toMatchObject({ ok: true, insecureLan: true });
    }
  });

  it('refuses what is not a plain server address', () => {
    for (const url of [
      'not a url',
      'ftp://example.org',
      'file:///etc/passwd',
      'https://user:pw@example.org',
      'https://example.org/?a=1',
      'https://example.org/#x',
      'javascript:alert(1)',
    ]) {
      expect(checkServerUrl(url, true), url).toMatchObject({ ok: false, problem: 'invalid-url' });
    }
  });
});
