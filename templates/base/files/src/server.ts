/**
 * The process entry point: read the config, connect, migrate, listen, and shut down gracefully.
 */
import type { AddressInfo } from 'node:net';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { DataDirectoryInUseError } from './db/data-directory-lock.js';
import { connectDatabase } from './db/database.js';
import { migrate } from './db/migrate.js';

async function main() {
  const config = loadConfig();
  const db = await connectDatabase(config.database, config.databasePool);
  // ioredis is loaded only when Redis is configured: an app without Redis never loads it.
  const redis = config.redisUrl
    ? new (await import('ioredis')).Redis(config.redisUrl, {
        keyPrefix: config.redisKeyPrefix,
        maxRetriesPerRequest: 2,
        // Redis is optional: a command that gets no answer fails after this long, and its caller
        // falls back (memory counters, a cache miss) instead of holding the request.
        commandTimeout: 1_000,
      })
    : null;
  // Building the app is work for the CPU and migrating is mostly waiting on the database: both at once.
  const [app, applied] = await Promise.all([buildApp({ config, db, redis }), migrate(db)]);
  if (applied.length > 0) app.log.info({ migrations: applied }, 'applied migrations');

  let shuttingDown = false;
  const shutDown = async (signal: NodeJS.Signals) => {
    if (shuttingDown) return;
    shuttingDown = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    // A hung dependency must not keep a stopping container alive forever.
    const deadline = setTimeout(() => {
      app.log.error('shutdown took more than 10 s, exiting anyway');
      process.exit(1);
    }, 10_000);
    deadline.unref();
    try {
      // Stops accepting connections, closes idle keep-alive sockets (forceCloseConnections:
      // 'idle'), answers in-flight requests with `Connection: close`, then runs onClose hooks.
      await app.close();
      await db.close();
      await redis?.quit();
      process.exitCode = 0;
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exitCode = 1;
    }
  };
  process.once('SIGTERM', shutDown);
  process.once('SIGINT', shutDown);

  await app.listen({ host: config.server.host, port: config.server.port });
  app.log.info(`API documentation: ${docsUrl(config.server.host, app.server.address())}`);
}

/** Where a browser on this machine finds `/docs` (0.0.0.0 and :: listen everywhere, localhost included). */
function docsUrl(host: string, address: AddressInfo | string | null): string {
  const port = typeof address === 'object' && address ? address.port : '';
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}/docs`;
}

main().catch((error: unknown) => {
  // A bad configuration, or a PGlite directory another process holds, is the operator's to fix:
  // say what is wrong, without a stack trace.
  if (error instanceof ConfigError || error instanceof DataDirectoryInUseError) console.error(error.message);
  else console.error('Failed to start:', error);
  process.exit(1);
});
