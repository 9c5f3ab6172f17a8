import pino from 'pino';
import { parseServerConfig } from './config/server-config';
import { startServer } from './start-server';

/**
 * `npm run server`: the clinic sync server. With no options it keeps its data in PGlite under
 * ./server-data (nothing else to install); with DATABASE_URL it uses PostgreSQL. Logs are JSON
 * lines (pino) on standard output; the few lines meant for a person go to standard error.
 */
async function main(): Promise<void> {
  const config = parseServerConfig(process.argv.slice(2), process.env, process.cwd());
  const logger = pino({ level: config.logLevel, base: { service: 'healthdesk-server' } });
  const server = await startServer(config, { now: Date.now, logger });
  const where =
    config.database.kind === 'pglite'
      ? `PGlite in ${server.database.location}`
      : `PostgreSQL at ${server.database.location}`;
  logger.info(
    { url: server.url, database: config.database.kind, epoch: server.epoch },
    'HealthDesk sync server ready',
  );
  process.stderr.write(`HealthDesk sync server listening on ${server.url} (${where}).\n`);
  const clinics = await server.db.selectFrom('clinics').select('clinic_id').limit(1).execute();
  if (clinics.length === 0) {
    process.stderr.write(
      'No clinic yet. Create one, then a pairing code for a device:\n' +
        '  npm run server:admin -- clinic create "My clinic"\n' +
        '  npm run server:admin -- pairing-code --clinic <clinic id> --role staff\n',
    );
  }

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'Stopping');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'Could not stop cleanly');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`The HealthDesk sync server could not start: ${message}\n`);
  process.exit(1);
});
