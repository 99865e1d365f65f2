// The OpenAPI document at /docs describes every route the API serves, with who may call it, and is
// a contract a client can be generated from: it passes `redocly lint`, and every status the API
// answers is one the document declares, with the error body.
import { Value } from '@sinclair/typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALENDAR_DAY_KEYWORD, ErrorSchema } from '../../api/schemas/common.js';
import { lintOpenApi, problemLine } from '../../scripts/lib/openapi-lint.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { bearer, people } from '../helpers/tokens.js';

interface Operation {
  operationId?: string;
  tags?: string[];
  description?: string;
  security?: unknown[];
  responses?: Record<string, unknown>;
}

let t: TestApp;
let doc: { servers?: { url: string }[]; paths: Record<string, Record<string, Operation>>; components: Record<string, Record<string, unknown>> };
beforeAll(async () => {
  t = await createTestApp();
  doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
});
afterAll(async () => t?.close());

/** Fastify's `/a/:b` as OpenAPI's `/a/{b}`. */
const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

const operations = () => Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, operation]) => ({ path, method, operation })));

/** The statuses the document declares for an operation. */
const declared = (method: string, path: string) => Object.keys(doc.paths[path]?.[method.toLowerCase()]?.responses ?? {}).map(Number);

describe('OpenAPI document', () => {
  it('lists every route with a schema, tags and its roles', async () => {
    expect(t.app.routeAccess.length).toBeGreaterThan(5);
    // CORS preflights (the codec's, for the Temporal Web UI) are the browser's, not operations.
    for (const route of t.app.routeAccess.filter((r) => r.method !== 'OPTIONS')) {
      const operation = doc.paths[openApiPath(route.url)]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.url}`).toBeDefined();
      expect(operation!.tags?.length, `${route.method} ${route.url} tags`).toBeGreaterThan(0);
      if ('public' in route.access) {
        expect(operation!.security, `${route.method} ${route.url} security`).toEqual([]);
      } else {
        expect(operation!.security, `${route.method} ${route.url} security`).toEqual([{ bearerAuth: [] }]);
        // Once: HEAD shares the GET's schema and must not add its roles again.
        expect(operation!.description?.match(/Roles:/g), `${route.method} ${route.url} roles`).toHaveLength(1);
      }
    }
    expect(doc.components.securitySchemes!.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('checks every date and instant against the calendar: no `format` without the keyword', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
    const unchecked: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${path}/${i}`));
      if (node === null || typeof node !== 'object') return;
      const schema = node as Record<string, unknown>;
      // The validator ignores these formats: the keyword checks instead (api/plugins/validation.ts).
      if ((schema.format === 'date' || schema.format === 'date-time') && !(CALENDAR_DAY_KEYWORD in schema)) unchecked.push(path);
      for (const [key, value] of Object.entries(schema)) walk(value, `${path}/${key}`);
    };
    walk(doc.paths, '');
    expect(JSON.stringify(doc.paths)).toContain(CALENDAR_DAY_KEYWORD);
    expect(unchecked).toEqual([]);
  });

  it('names each operation once, each path once without a trailing slash, and a server', () => {
    const ids = operations().map(({ operation }) => operation.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z0-9]*$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(doc.paths['/api/cases']?.post?.operationId).toBe('postCases');
    expect(doc.paths['/api/tasks/{taskId}/view']?.post?.operationId).toBe('postTasksByTaskIdView');
    expect(Object.keys(doc.paths).filter((path) => path.endsWith('/'))).toEqual([]);
    expect(doc.servers).toEqual([{ url: '/' }]);
  });

  it('declares on every operation the errors any route can answer, with the error body', () => {
    expect(doc.components.schemas!.Error).toMatchObject({ required: ['statusCode', 'error', 'message'] });
    for (const { path, method, operation } of operations()) {
      const statuses = Object.keys(operation.responses ?? {}).map(Number);
      const where = `${method} ${path}`;
      expect(statuses, where).toEqual(expect.arrayContaining([400, 404, 429, 431, 500]));
      if (operation.security?.length) expect(statuses, where).toEqual(expect.arrayContaining([401, 403]));
      if (path.includes('{')) expect(statuses, where).toContain(414);
      if (method !== 'get') expect(statuses, where).toEqual(expect.arrayContaining([413, 415]));
      expect(operation.responses![404], where).toEqual({ $ref: '#/components/responses/NotFound' });
    }
    expect(doc.components.responses!.NotFound).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
  });

  it('passes redocly lint with the recommended rules', async () => {
    const report = await lintOpenApi(doc);
    expect(report.problems.filter((p) => p.severity === 'error').map(problemLine)).toEqual([]);
    // The one warning left: the project declares no licence, so the document names none.
    expect(report.problems.map((p) => p.ruleId)).toEqual(['info-license']);
  }, 60_000);

  it('serves Swagger UI', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger');
  });
});

describe('answers', () => {
  it('each error with a status the document declares for the route, and the error body', async () => {
    const admin = await bearer(people.lygAdmin);
    const platform = await bearer(people.approvalPlatform);
    const cases: { method: 'GET' | 'PUT' | 'POST'; url: string; path: string; status: number; kind: string; headers?: Record<string, string>; body?: string }[] = [
      { method: 'GET', url: '/api/regions', path: '/api/regions', status: 401, kind: 'unauthenticated' },
      { method: 'PUT', url: '/api/regions/320700', path: '/api/regions/{code}', status: 403, kind: 'forbidden', headers: await bearer(people.lygAuditor), body: '{"name":"连云港市"}' },
      { method: 'GET', url: '/api/calendar/deadline?days=x', path: '/api/calendar/deadline', status: 400, kind: 'validation', headers: admin },
      { method: 'GET', url: '/api/cases/%E0%A4%A', path: '/api/cases/{caseNo}', status: 400, kind: 'bad_url', headers: admin },
      { method: 'GET', url: `/api/cases/${'A'.repeat(101)}`, path: '/api/cases/{caseNo}', status: 414, kind: 'uri_too_long', headers: admin },
      { method: 'GET', url: '/api/cases/NO-SUCH-CASE', path: '/api/cases/{caseNo}', status: 404, kind: 'not_found', headers: await bearer(people.nationalAdmin) },
      { method: 'POST', url: '/api/cases', path: '/api/cases', status: 415, kind: 'unsupported_media_type', headers: { ...platform, 'content-type': 'application/xml' }, body: '<case/>' },
      {
        method: 'PUT',
        url: '/api/regions/320700',
        path: '/api/regions/{code}',
        status: 413,
        kind: 'too_large',
        headers: { ...admin, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'x'.repeat(1024 * 1024) }),
      },
    ];
    for (const c of cases) {
      const res = await t.app.inject({ method: c.method, url: c.url, headers: { ...(c.body && !c.headers?.['content-type'] ? { 'content-type': 'application/json' } : {}), ...c.headers }, ...(c.body ? { payload: c.body } : {}) });
      const where = `${c.method} ${c.url.slice(0, 60)}`;
      expect(res.statusCode, where).toBe(c.status);
      expect(declared(c.method, c.path), where).toContain(c.status);
      expect(Value.Check(ErrorSchema, res.json()), `${where}: ${res.body}`).toBe(true);
      expect(res.json().error, where).toBe(c.kind);
    }
  });

  it('431 for a URL too long for the HTTP server to read, with the error body', async () => {
    // Node refuses it before Fastify routes it, so only a real connection shows it.
    const base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const res = await fetch(`${base}/api/regions?region=${'1'.repeat(20_000)}`);
    expect(res.status).toBe(431);
    expect(declared('GET', '/api/regions')).toContain(431);
    expect(Value.Check(ErrorSchema, await res.json())).toBe(true);
  });

  it('405 with Allow for a method the path does not have, 404 for a path that does not exist', async () => {
    const headers = await bearer(people.lygAdmin);
    const wrongMethod = await t.app.inject({ method: 'DELETE', url: '/api/regions', headers });
    expect(wrongMethod.statusCode).toBe(405);
    expect(wrongMethod.headers.allow).toBe('GET, HEAD');
    expect(wrongMethod.json()).toMatchObject({ statusCode: 405, error: 'method_not_allowed' });

    const withParam = await t.app.inject({ method: 'POST', url: '/api/cases/LYG-1?x=1', headers });
    expect(withParam.statusCode).toBe(405);
    expect(withParam.headers.allow).toBe('GET, HEAD');

    const trailing = await t.app.inject({ method: 'PATCH', url: '/api/cases/', headers });
    expect(trailing.statusCode).toBe(405);
    expect(trailing.headers.allow).toBe('GET, HEAD, POST');

    const unknown = await t.app.inject({ method: 'GET', url: '/api/no-such-thing', headers });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ statusCode: 404, error: 'not_found' });
  });

  it('serves a collection with and without its trailing slash', async () => {
    const headers = await bearer(people.lygAdmin);
    expect((await t.app.inject({ method: 'GET', url: '/api/regions', headers })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/regions/', headers })).statusCode).toBe(200);
  });
});
