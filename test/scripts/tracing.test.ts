// Tracing is off without an endpoint, and with one sends spans there by OTLP/HTTP.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startTracing, tracesEndpoint } from '../../scripts/lib/tracing.js';

describe('tracing', () => {
  it('is off without an endpoint', () => {
    expect(tracesEndpoint({})).toBeUndefined();
    expect(startTracing('shenguan', {})).toBeUndefined();
  });

  it('takes the traces endpoint as it is, and the base endpoint with /v1/traces', () => {
    expect(tracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toBe('http://collector:4318/v1/traces');
    expect(tracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b/traces' })).toBe('http://b/traces');
  });

  it('sends spans to the collector, named by the service', async () => {
    const received: { url: string | undefined; body: Buffer }[] = [];
    const collector = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ url: req.url, body: Buffer.concat(chunks) });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = collector.address() as AddressInfo;
      const tracing = startTracing('shenguan-api', { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` });
      expect(tracing).toBeDefined();
      tracing!.tracer.startSpan('GET /healthz').end();
      await tracing!.shutdown();
      expect(received.map((r) => r.url)).toEqual(['/v1/traces']);
      const body = received[0]!.body.toString();
      expect(body).toContain('GET /healthz');
      expect(body).toContain('shenguan-api');
    } finally {
      await new Promise((resolve) => collector.close(resolve));
    }
  });
});
