// The metrics of one process (API, worker, or `npm start` with both): a fresh registry with
// Node's process metrics, the address METRICS_HOST/METRICS_PORT name, and — for a process that
// runs the Temporal SDK runtime — a free loopback port for the SDK's own exporter, which the
// metrics server reads on every scrape so that ops scrape one port per process.
import type { Logger } from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { portSetting, setting } from '../../config.js';
import { freePort } from '../dev-server.js';
import { startMetricsServer, type MetricsServer } from './server.js';

/** A process's metrics, ready to be served. */
export interface ProcessMetrics {
  registry: Registry;
  /** host:port the SDK's exporter binds (Runtime telemetry), when asked for. */
  sdkBindAddress: string | undefined;
  /** Starts the metrics server on METRICS_HOST:METRICS_PORT. */
  serve(logger: Logger): Promise<MetricsServer>;
}

/**
 * The process's metrics, or undefined when METRICS_PORT is `off`. `sdk`: the process installs the
 * Temporal SDK runtime (the worker, `npm start`); the API's client does not use it.
 */
export async function prepareProcessMetrics(options: { sdk: boolean; env?: NodeJS.ProcessEnv }): Promise<ProcessMetrics | undefined> {
  const env = options.env ?? process.env;
  if (setting('METRICS_PORT', env)?.toLowerCase() === 'off') return undefined;
  const port = portSetting('METRICS_PORT', env);
  const host = setting('METRICS_HOST', env)!;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const sdkBindAddress = options.sdk ? `127.0.0.1:${await freePort()}` : undefined;
  return {
    registry,
    sdkBindAddress,
    async serve(logger) {
      const server = await startMetricsServer({ registry, host, port, logger, ...(sdkBindAddress ? { sdkMetricsUrl: `http://${sdkBindAddress}/metrics` } : {}) });
      logger.info({ url: server.url }, 'metrics served');
      return server;
    },
  };
}
