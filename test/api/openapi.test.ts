// The OpenAPI document at /docs describes every route the API serves, with who may call it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALENDAR_DAY_KEYWORD } from '../../api/schemas/common.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

/** Fastify's `/a/:b` as OpenAPI's `/a/{b}`. */
const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

describe('OpenAPI document', () => {
  it('lists every route with a schema, tags and its roles', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(t.app.routeAccess.length).toBeGreaterThan(5);
    for (const route of t.app.routeAccess) {
      // A collection root is served with and without its trailing slash; the document lists one.
      const path = openApiPath(route.url);
      const operation = (doc.paths[path] ?? doc.paths[`${path}/`] ?? doc.paths[path.replace(/\/$/, '')])?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.url}`).toBeDefined();
      expect(operation.tags?.length, `${route.method} ${route.url} tags`).toBeGreaterThan(0);
      expect(Object.keys(operation.responses ?? {}).length, `${route.method} ${route.url} responses`).toBeGreaterThan(0);
      if (!('public' in route.access)) {
        expect(operation.security, `${route.method} ${route.url} security`).toEqual([{ bearerAuth: [] }]);
        expect(operation.description, `${route.method} ${route.url} roles`).toContain('Roles:');
      }
    }
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
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

  it('serves Swagger UI', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger');
  });
});
