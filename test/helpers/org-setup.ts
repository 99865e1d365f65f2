// The organisation most API tests stand on, created through the API itself: Jiangsu, Lianyungang
// and its Haizhou district, and Dongli district of Tianjin; and departments as each test lists them.
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';

/** Creates the test regions. */
export async function createRegions(app: FastifyInstance, headers: Record<string, string>): Promise<void> {
  for (const [code, name, parentCode] of [
    ['320000', '江苏省', undefined],
    ['320700', '连云港市', '320000'],
    ['320706', '海州区', '320700'],
    ['120110', '天津市东丽区', undefined],
  ] as const) {
    const res = await app.inject({ method: 'PUT', url: `/api/regions/${code}`, headers, payload: { name, ...(parentCode ? { parentCode } : {}), reason: '建立测试区划' } });
    expect(res.statusCode).toBe(200);
  }
}

/** Creates departments: [code, region, name, side]. */
export async function createDepartments(app: FastifyInstance, headers: Record<string, string>, departments: readonly (readonly [string, string, string, string])[]): Promise<void> {
  for (const [code, region, name, side] of departments) {
    const res = await app.inject({ method: 'POST', url: '/api/departments', headers, payload: { code, region, name, side, reason: '建立测试部门' } });
    expect(res.statusCode).toBe(201);
  }
}
