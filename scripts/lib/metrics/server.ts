// The process's one scrape target: GET /metrics answers the project's own metrics (prom-client)
// followed by the Temporal SDK's, which the SDK's exporter serves on a loopback port of its own
// (scripts/lib/temporal-runtime.ts). Its own small server, never the API's port: the API's routes,
// access checks and rate limit stay as they are, and the metrics port need not be published.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';

/** How long a scrape waits for the SDK's exporter before answering without its metrics. */
const SDK_SCRAPE_TIMEOUT_MS = 1_000;

/** What the metrics server serves, and where. */
export interface MetricsServerOptions {
  registry: Registry;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The SDK exporter's own endpoint (http://127.0.0.1:PORT/metrics), when the process runs the SDK runtime. */
  sdkMetricsUrl?: string;
  logger: Logger;
}

/** A listening metrics server. */
export interface MetricsServer {
  /** Where it answers, http://HOST:PORT/metrics (the port it got when asked for 0). */
  url: string;
  close(): Promise<void>;
}

/** The SDK's metrics text, or nothing when its exporter does not answer in time (not started yet, say). */
async function sdkMetrics(url: string | undefined, logger: Logger): Promise<string> {
  if (!url) return '';
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(SDK_SCRAPE_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`the SDK's exporter answered ${response.status}`);
    return await response.text();
  } catch (error) {
    logger.debug({ err: error }, 'Temporal SDK metrics left out of this scrape');
    return '';
  }
}

/** Starts the metrics server; resolves once it listens. */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const { registry, logger } = options;
  const answer = async (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://metrics').pathname;
    if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found: metrics are at GET /metrics\n');
      return;
    }
    const [own, sdk] = await Promise.all([registry.metrics(), sdkMetrics(options.sdkMetricsUrl, logger)]);
    const body = sdk ? `${own.trimEnd()}\n${sdk}` : own;
    response.writeHead(200, { 'content-type': registry.contentType });
    response.end(request.method === 'HEAD' ? undefined : body);
  };
  const server = createServer((request, response) => {
    answer(request, response).catch((error: unknown) => {
      logger.warn({ err: error }, 'metrics scrape failed');
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('metrics unavailable\n');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host === '0.0.0.0' ? 'localhost' : options.host;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/metrics`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // A scraper's keep-alive connection would hold the close open until it times out.
        server.closeIdleConnections();
      }),
  };
}
