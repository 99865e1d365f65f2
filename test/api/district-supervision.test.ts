// 属地监管: a city's approval supervised by a district division. The district's 处室管理员 acts in
// the district, so the task is scoped to the supervising department's region, not the case's.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { departments, divisions, linkages, people as peopleTable, regions, supervisionItems, supervisionSubItems } from '../../db/schema/index.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { caseInput } from '../helpers/case-input.js';
import { fixture } from '../helpers/catalogue-fixture.js';
import { bearer, people } from '../helpers/tokens.js';

let t: TestApp;
const district = { region: '320706', dept: 'HZ-SCJGJ', division: 'HZ-SCJGJ-SPJY', admin: 'hz-div-admin' };

beforeAll(async () => {
  t = await createTestApp({ withWorker: true });
  const { db } = t.database;
  await db.insert(regions).values({ code: district.region, name: '海州区', parentCode: fixture.region });
  await db.insert(departments).values({ code: district.dept, region: district.region, name: '海州区市场监督管理局', side: 'supervision' });
  await db.insert(divisions).values({ code: district.division, deptCode: district.dept, name: '食品安全监管科' });
  await db.insert(peopleTable).values({ id: district.admin, name: '科室管理员', phone: '13900000031', region: district.region, deptCode: district.dept, divisionCode: district.division, roles: ['division_admin'] });
  await db.insert(supervisionItems).values({ code: 'HZ-FOOD', deptCode: district.dept, name: '食品经营监督检查' });
  await db.insert(supervisionSubItems).values({ code: 'HZ-FOOD-CHECK', supervisionItemCode: 'HZ-FOOD', name: '食品经营日常检查' });
  // The city's item (standard mode only) is supervised by the district.
  await db.insert(linkages).values({ handlingItemCode: fixture.unlinkedItem, supervisingDeptCode: district.dept, divisionCode: district.division, subItemCode: 'HZ-FOOD-CHECK' });
});
afterAll(async () => t?.close());

describe('a city case supervised by a district division', () => {
  it('reaches the district inbox and the district admin acts on it; a city division admin may not', async () => {
    const platform = await bearer(people.approvalPlatform);
    const districtAdmin = await bearer({ sub: district.admin, roles: ['division_admin'], region: district.region, dept: district.dept, division: district.division });
    const cityAdmin = await bearer({ sub: fixture.divisionAdmin, roles: ['division_admin'], region: fixture.region, dept: fixture.dept, division: fixture.division });
    const input = caseInput({ handlingItem: fixture.unlinkedItem, mode: 'standard' });
    expect((await t.app.inject({ method: 'POST', url: '/api/cases', headers: platform, payload: input })).statusCode).toBe(201);
    const taskId = `${input.caseNo}:1`;

    await vi.waitFor(
      async () => {
        const inbox = await t.app.inject({ method: 'GET', url: '/api/tasks', headers: districtAdmin });
        expect(inbox.json().items.map((task: { taskId: string }) => task.taskId)).toContain(taskId);
      },
      { timeout: 15_000 },
    );
    const url = `/api/tasks/${encodeURIComponent(taskId)}/view`;
    // Another division's task is not found, exactly like a task that does not exist.
    const refused = await t.app.inject({ method: 'POST', url, headers: cityAdmin });
    expect(refused.statusCode).toBe(404);
    expect(refused.json().message).toBe(`任务 ${taskId} 不存在`);

    // Dongli 一(一)1: the supervising side reads the case it supervises — its division admin and its
    // coordinator, in the district, though the case was approved in the city.
    const districtCoordinator = await bearer({ sub: 'hz-coordinator', roles: ['coordinator'], region: district.region, dept: district.dept, level: 1 });
    for (const reader of [districtAdmin, districtCoordinator]) {
      const read = await t.app.inject({ method: 'GET', url: `/api/cases/${input.caseNo}`, headers: reader });
      expect(read.statusCode).toBe(200);
      expect(read.json().caseNo).toBe(input.caseNo);
    }
    // A division admin of a division that does not supervise it finds no case.
    const notSupervising = await t.app.inject({ method: 'GET', url: `/api/cases/${input.caseNo}`, headers: cityAdmin });
    expect(notSupervising.statusCode).toBe(404);
    const viewed = await t.app.inject({ method: 'POST', url, headers: districtAdmin });
    expect(viewed.statusCode).toBe(200);
    expect(viewed.json().tasks[0]).toMatchObject({ taskId, divisionCode: district.division, status: 'viewed' });
    const done = await t.app.inject({ method: 'POST', url: `/api/tasks/${encodeURIComponent(taskId)}/inspections`, headers: districtAdmin, payload: { inspectedAt: new Date().toISOString(), result: 'compliant' } });
    expect(done.statusCode).toBe(200);
    expect(done.json().tasks[0].status).toBe('done');
  });
});
