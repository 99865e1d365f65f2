// OpenTelemetry traces, on only when an OTLP endpoint is configured: then one tracer provider per
// process, registered globally so the Temporal interceptors (client, workflow sink, activities)
// and the API's request spans share it. Off, nothing is installed and nothing is created.
import { context, propagation, trace, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { setting } from '../config.js';

/** Tracing as one process runs it. */
export interface Tracing {
  /** The API's tracer (request spans). */
  tracer: Tracer;
  /** Where every span goes, the workflow's too (the worker's sink hands them here). */
  processor: SpanProcessor;
  resource: Resource;
  /** Sends what is pending and unregisters the provider. */
  shutdown(): Promise<void>;
}

/** The OTLP/HTTP traces URL the settings name, or undefined when tracing is off. */
export function tracesEndpoint(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const traces = setting('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', env);
  if (traces) return traces;
  const base = setting('OTEL_EXPORTER_OTLP_ENDPOINT', env);
  return base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined;
}

/**
 * Starts tracing when an endpoint is configured (or a processor is given, as tests give an
 * in-memory one); answers undefined, having installed nothing, otherwise.
 */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env, processor?: SpanProcessor): Tracing | undefined {
  const url = tracesEndpoint(env);
  if (!processor && !url) return undefined;
  const spanProcessor = processor ?? new BatchSpanProcessor(new OTLPTraceExporter({ url }));
  const resource = new Resource({ 'service.name': setting('OTEL_SERVICE_NAME', env) ?? serviceName });
  const provider = new BasicTracerProvider({ resource, spanProcessors: [spanProcessor] });
  // Async-local context: the span of a request stays current across its awaits, so the Temporal
  // client interceptor finds it when the handler starts or updates a case.
  provider.register({ contextManager: new AsyncLocalStorageContextManager().enable() });
  return {
    tracer: trace.getTracer('shenguan-api'),
    processor: spanProcessor,
    resource,
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
