// One JSON line per request, and with tracing on one server span per request. Both name the route
// pattern (`/api/cases/:caseNo`), never the URL as asked, and hold no body: no name or phone. The
// handler runs with the request ID (and the span) current, so the Temporal client's interceptors
// send them on to the case's workflow.
import { context, propagation, SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { currentRequestId } from '../request-id.js';

const caseNumbers = new WeakMap<FastifyRequest, string>();
const spans = new WeakMap<FastifyRequest, Span>();

/** Names the case a request concerns when its route has no `:caseNo` (the start names it in its body). */
export function logCaseNo(request: FastifyRequest, caseNo: string): void {
  caseNumbers.set(request, caseNo);
}

function caseNoOf(request: FastifyRequest): string | undefined {
  const params = request.params as Record<string, unknown> | undefined;
  return typeof params?.caseNo === 'string' ? params.caseNo : caseNumbers.get(request);
}

const routeOf = (request: FastifyRequest) => request.routeOptions.url ?? 'unmatched';

/** Logs each request once as it is answered; with a tracer, wraps it in a server span. */
export function installRequestLog(app: FastifyInstance, tracer: Tracer | undefined): void {
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    if (tracer) {
      const route = routeOf(request);
      // A caller's traceparent makes this span its child; without one the trace starts here.
      const parent = propagation.extract(context.active(), request.headers);
      spans.set(request, tracer.startSpan(`${request.method} ${route}`, { kind: SpanKind.SERVER, attributes: { 'http.method': request.method, 'http.route': route } }, parent));
    }
    done();
  });
  // After the body is parsed and the access checks ran: what runs from here on (the handler) sees
  // the request ID, and the span as the active one.
  app.addHook('preHandler', (request, _reply, done) => {
    const span = spans.get(request);
    currentRequestId.run(request.id, () => (span ? context.with(trace.setSpan(context.active(), span), done) : done()));
  });
  app.addHook('onResponse', (request, reply, done) => {
    const caseNo = caseNoOf(request);
    const status = reply.statusCode;
    const span = spans.get(request);
    request.log.info(
      {
        method: request.method,
        route: routeOf(request),
        status,
        durationMs: Math.round(reply.elapsedTime),
        ...(caseNo ? { caseNo } : {}),
        ...(span ? { trace_id: span.spanContext().traceId } : {}),
      },
      'request',
    );
    if (span) {
      span.setAttribute('http.status_code', status);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
    done();
  });
}
