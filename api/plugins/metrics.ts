// The API's request metrics: every answer timed under its route pattern (`/api/cases/:caseNo`),
// never its URL, so case numbers and credit codes never become label values; and the cases the
// API started, by mode. Served by the process's metrics endpoint (scripts/lib/metrics/server.ts),
// never on the API's own port.
import { Counter, Histogram, type Registry } from 'prom-client';
import type { FastifyInstance } from 'fastify';
import { commitmentModes, type CommitmentMode } from '../../domain/case.js';

/** What the routes record. */
export interface ApiMetrics {
  /** A case start the API accepted (201), by its mode. */
  caseStarted(mode: CommitmentMode): void;
}

/** What the routes record to when the app has no registry (tests, scripts that build the app). */
export const noApiMetrics: ApiMetrics = { caseStarted: () => {} };

/** Seconds: from a fast read-model answer to a Temporal call at its deadline. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Times every answer of `app` into `registry` and decorates the app with what the routes record. */
export function installRequestMetrics(app: FastifyInstance, registry: Registry): void {
  const duration = new Histogram({
    name: 'shenguan_http_request_duration_seconds',
    help: 'Time from request to answer, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const started = new Counter({
    name: 'shenguan_cases_started_total',
    help: 'Cases the API started (办件推送 answered 201), by mode.',
    labelNames: ['mode'] as const,
    registers: [registry],
  });
  // Every mode from zero, so a rate over a mode nobody used yet is 0 rather than absent.
  for (const mode of commitmentModes) started.inc({ mode }, 0);
  app.decorate('metrics', { caseStarted: (mode: CommitmentMode) => started.inc({ mode }) } satisfies ApiMetrics);
  app.addHook('onResponse', async (request, reply) => {
    // No route matched (404, or refused before routing): one label value for all of them.
    const route = request.routeOptions.url ?? 'unmatched';
    duration.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
}
