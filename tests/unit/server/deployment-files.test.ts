import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { load as loadYaml } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createServerMetrics } from '../../../server/metrics/server-metrics';
import { alertsObserver, incidentsObserver } from '../../../server/metrics/record-observers';

// No Docker engine runs here: these checks hold the deployment files to what they must say.
const root = path.resolve(import.meta.dirname, '../../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

const healthcheck = z.object({
  test: z.array(z.string()).min(2),
  interval: z.string(),
  retries: z.number(),
});
const composeSchema = z.object({
  services: z.record(
    z.string(),
    z.object({
      image: z.string().optional(),
      build: z.object({ context: z.string(), dockerfile: z.string() }).optional(),
      environment: z.record(z.string(), z.string()).optional(),
      volumes: z.array(z.string()).optional(),
      healthcheck: healthcheck.optional(),
      depends_on: z.record(z.string(), z.object({ condition: z.string() })).optional(),
      ports: z.array(z.string()).optional(),
      profiles: z.array(z.string()).optional(),
    }),
  ),
  volumes: z.record(z.string(), z.unknown()),
});

describe('server/compose.yaml', () => {
  const compose = composeSchema.parse(loadYaml(read('server/compose.yaml')));
  const { server, postgres } = compose.services;

  it('runs the server and PostgreSQL by default, with monitoring only on request', () => {
    const always = Object.entries(compose.services).filter(([, service]) => !service.profiles);
    expect(always.map(([name]) => name).sort()).toEqual(['postgres', 'server']);
  });

  it('keeps PostgreSQL’s data in a named volume', () => {
    const mount = postgres?.volumes?.find((volume) => volume.endsWith(':/var/lib/postgresql/data'));
    expect(mount).toBeDefined();
    expect(Object.keys(compose.volumes)).toContain(mount?.split(':')[0]);
  });

  it('health-checks both, and starts the server once PostgreSQL is healthy', () => {
    expect(postgres?.healthcheck?.test.join(' ')).toContain('pg_isready');
    expect(server?.healthcheck?.test.join(' ')).toContain('/readyz');
    expect(server?.depends_on?.postgres?.condition).toBe('service_healthy');
    for (const [, service] of Object.entries(compose.services))
      expect(service.healthcheck).toBeDefined();
  });

  it('points the server at that PostgreSQL, builds it from this repository and publishes its port', () => {
    expect(server?.environment?.DATABASE_URL).toMatch(
      /^postgres:\/\/healthdesk:.+@postgres:5432\/healthdesk$/,
    );
    expect(server?.environment?.HOST).toBe('0.0.0.0');
    const build = server?.build;
    expect(build).toBeDefined();
    expect(existsSync(path.join(root, 'server', build!.context, build!.dockerfile))).toBe(true);
    expect(server?.ports).toContain('8787:8787');
  });

  it('mounts monitoring files that exist', () => {
    for (const service of [compose.services.prometheus, compose.services.grafana]) {
      for (const volume of service?.volumes ?? []) {
        const source = volume.split(':')[0] ?? '';
        if (source.startsWith('./'))
          expect(existsSync(path.join(root, 'server', source)), source).toBe(true);
      }
    }
  });
});

describe('server/Dockerfile', () => {
  const dockerfile = read('server/Dockerfile');

  it('builds on Node 20, runs as a non-root user with a health check and a data volume', () => {
    expect(dockerfile).toMatch(/^FROM node:20-bookworm-slim AS build$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n.*\/readyz/m);
    expect(dockerfile).toMatch(/^VOLUME \["\/data"\]$/m);
    expect(dockerfile).toMatch(/^CMD \["node", "main.mjs"\]$/m);
  });

  it('copies only files that exist and that its .dockerignore lets through', () => {
    const ignore = read('server/Dockerfile.dockerignore');
    for (const match of dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
      for (const source of (match[1] ?? '').split(' ')) {
        expect(existsSync(path.join(root, source)), source).toBe(true);
        expect(ignore).toContain(`!${source}`);
      }
    }
  });
});

describe('Grafana dashboard', () => {
  const dashboard = z
    .object({
      uid: z.string(),
      panels: z.array(
        z.object({ title: z.string(), targets: z.array(z.object({ expr: z.string() })).min(1) }),
      ),
    })
    .parse(JSON.parse(read('server/monitoring/grafana/healthdesk-server.json')));

  it('charts only metrics the server exposes', async () => {
    const metrics = createServerMetrics({
      hostCounts: () => Promise.resolve({ up: 1, stale: 0, unknown: 0 }),
      observers: [alertsObserver, incidentsObserver],
    });
    const exposed = new Set(
      (await metrics.registry.getMetricsAsJSON()).map((metric) => metric.name),
    );
    const used = new Set(
      dashboard.panels.flatMap((panel) =>
        panel.targets.flatMap((target) =>
          [...target.expr.matchAll(/\b(healthdesk_[a-z0-9_]+)/g)].map((m) => m[1] ?? ''),
        ),
      ),
    );
    for (const name of used)
      expect(exposed.has(name.replace(/_(bucket|sum|count)$/, '')), name).toBe(true);
    for (const needed of [
      'healthdesk_push_duration_seconds',
      'healthdesk_pull_duration_seconds',
      'healthdesk_changes_total',
      'healthdesk_hosts',
      'healthdesk_alerts_total',
      'healthdesk_incidents_total',
      'healthdesk_incident_time_to_acknowledge_seconds',
      'healthdesk_incident_time_to_resolve_seconds',
      'healthdesk_http_requests_total',
    ]) {
      expect(
        [...used].some((name) => name.startsWith(needed)),
        needed,
      ).toBe(true);
    }
  });
});

describe('the desktop app', () => {
  it('never packs the server', () => {
    const builder = z
      .object({ files: z.array(z.string()) })
      .parse(loadYaml(read('electron-builder.yml')));
    expect(builder.files).toContain('!out/server/**');
    const pkg = z
      .object({ dependencies: z.record(z.string(), z.string()) })
      .parse(JSON.parse(read('package.json')));
    for (const library of [
      'fastify',
      'kysely',
      'pg',
      '@electric-sql/pglite',
      'pino',
      'prom-client',
    ]) {
      expect(Object.keys(pkg.dependencies), library).not.toContain(library);
    }
  });
});
