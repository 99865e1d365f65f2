// A client generated from the OpenAPI document (openapi-typescript types, openapi-fetch calls)
// type-checks against the API and talks to the real one: the committed types are the current
// document's, and tsc checks this file's calls against them (`npm run check`).
import { readFile } from 'node:fs/promises';
import createClient from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { components, paths } from '../../api/client/schema.js';
import { clientTypesOf, clientTypesPath } from '../../scripts/lib/openapi-client.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { bearer, people } from '../helpers/tokens.js';

let t: TestApp;
let baseUrl: string;
beforeAll(async () => {
  t = await createTestApp();
  baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => t?.close());

describe('generated client', () => {
  it('is generated from the current document (`npm run openapi:client` rewrites it)', async () => {
    const committed = await readFile(new URL(`../../${clientTypesPath}`, import.meta.url), 'utf8');
    expect(await clientTypesOf(t.app.swagger() as unknown as Record<string, unknown>), `${clientTypesPath} is stale: run npm run openapi:client`).toBe(committed);
  }, 60_000);

  it('types paths, parameters, bodies and answers as the API has them', () => {
    expectTypeOf<paths['/api/cases/{caseNo}']['get']['parameters']['path']>().toEqualTypeOf<{ caseNo: string }>();
    expectTypeOf<components['schemas']['Error']>().toHaveProperty('problems');
    expectTypeOf<paths['/api/regions/{code}']['put']['requestBody']>().not.toBeUndefined();
  });

  it('saves and reads regions, and reads an error, through the real API', async () => {
    const client = createClient<paths>({ baseUrl, headers: await bearer(people.lygAdmin) });

    const saved = await client.PUT('/api/regions/{code}', { params: { path: { code: '320706' } }, body: { name: '海州区', parentCode: '320700', reason: '区划调整' } });
    expect(saved.response.status).toBe(200);
    const savedName: string | undefined = saved.data?.name;
    expect(savedName).toBe('海州区');

    const listed = await client.GET('/api/regions');
    const codes: string[] = (listed.data ?? []).map((region) => region.code);
    expect(codes).toContain('320706');

    const missing = await client.GET('/api/departments/{code}', { params: { path: { code: 'NO-SUCH-DEPT' } } });
    expect(missing.response.status).toBe(404);
    const kind: string | undefined = missing.error?.error;
    expect(kind).toBe('not_found');
  });
});
