import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseServerConfig } from '../../../server/config/server-config';

describe('server options', () => {
  it('defaults to PGlite in ./server-data on loopback port 8787', () => {
    const config = parseServerConfig([], {}, '/srv');
    expect(config).toMatchObject({
      database: { kind: 'pglite', dataDir: path.resolve('/srv/server-data') },
      host: '127.0.0.1',
      port: 8787,
      trustProxy: false,
      tls: null,
      metricsToken: null,
    });
  });

  it('takes PostgreSQL and the rest from flags or the environment, flags first', () => {
    const config = parseServerConfig(
      ['--port', '9000', '--host=0.0.0.0', '--tls-cert', 'c.pem', '--tls-key', 'k.pem'],
      {
        DATABASE_URL: 'postgres://u:p@db/hd',
        PORT: '1',
        TRUST_PROXY: 'true',
        METRICS_TOKEN: 't',
        PG_POOL_MAX: '30',
      },
      '/srv',
    );
    expect(config).toMatchObject({
      database: { kind: 'postgres', url: 'postgres://u:p@db/hd', poolMax: 30 },
      port: 9000,
      host: '0.0.0.0',
      trustProxy: true,
      tls: { certFile: 'c.pem', keyFile: 'k.pem' },
      metricsToken: 't',
    });
  });

  it('explains what is wrong', () => {
    expect(() => parseServerConfig(['--prot', '1'], {}, '/')).toThrow(/Unknown option --prot/);
    expect(() => parseServerConfig(['--port', 'x'], {}, '/')).toThrow(/port/);
    expect(() => parseServerConfig(['--tls-cert', 'c'], {}, '/')).toThrow(/both/);
    expect(() => parseServerConfig(['--port'], {}, '/')).toThrow(/needs a value/);
  });
});
