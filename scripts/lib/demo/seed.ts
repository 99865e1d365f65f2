// Puts the demo region into a running system through its API: the tables of organisation.ts,
// catalogue.ts and enterprises.ts become a list of calls, run in order. What exists already
// (409) is left as it is, so a second run on the same data folder goes through.
import type { Principal } from '../../../domain/access.js';
import { actors } from './actors.js';
import type { ApiClient } from './api-client.js';
import { approvalItems, handlingItems, lateLinkedItem, linkages, subItems, supervisionItems } from './catalogue.js';
import { BUSINESS_LICENCE, creditCodeOf, enterprises, licences } from './enterprises.js';
import { coordinators, departments, divisions, officers, personId, regionOfDept, regions, staff } from './organisation.js';

/** One call of the seeding. */
export interface SeedCall {
  as: Principal;
  method: 'POST' | 'PUT' | 'PATCH';
  path: string;
  body: object;
}

/** What the seeding did. */
export interface SeedResult {
  written: number;
  existed: number;
}

const reason = '演示数据（npm run demo）';

/** The seeding as a list of calls, for a run with this tag. */
export function seedCalls(runTag: string): SeedCall[] {
  const calls: SeedCall[] = [];
  const admin = (method: SeedCall['method'], path: string, body: object) => calls.push({ as: actors.seeder, method, path, body: { ...body, reason } });
  let phones = 0;
  // 0518: Lianyungang's area code; the numbers are invented.
  const phone = () => `139051${String(++phones).padStart(5, '0')}`;

  for (const [code, name, parentCode] of regions) admin('PUT', `/api/regions/${code}`, { name, ...(parentCode ? { parentCode } : {}) });
  for (const [code, region, name, side] of departments) admin('POST', '/api/departments', { code, region, name, side });
  for (const [code, deptCode, name] of divisions) admin('POST', '/api/divisions', { code, deptCode, name });

  const person = (id: string, name: string, region: string, roles: string[], extra: object = {}) =>
    admin('POST', '/api/people', { id, kind: 'person', name, phone: phone(), region, roles, ...extra });
  for (const [code, deptCode, , adminName] of divisions) {
    person(personId.divisionAdmin(code), adminName, regionOfDept(deptCode), ['division_admin'], { deptCode, divisionCode: code });
  }
  for (const [deptCode, ...names] of coordinators) {
    names.forEach((name, i) => person(personId.coordinator(deptCode, i + 1), name, regionOfDept(deptCode), ['coordinator'], { deptCode, level: i + 1 }));
  }
  for (const [deptCode, name] of officers) person(personId.officer(deptCode), name, regionOfDept(deptCode), ['approval_officer'], { deptCode });
  admin('POST', '/api/people', { id: staff.platform.id, kind: 'service', name: staff.platform.name, region: staff.platform.region, roles: ['approval_officer'] });
  person(staff.auditor.id, staff.auditor.name, staff.auditor.region, ['auditor']);
  person(staff.catalogueAdmin.id, staff.catalogueAdmin.name, staff.catalogueAdmin.region, ['catalogue_admin']);
  // L2: each division's 处室管理员 receives its task reminders.
  for (const [code] of divisions) admin('PATCH', `/api/divisions/${code}`, { adminPersonId: personId.divisionAdmin(code) });

  for (const [code, deptCode, name] of approvalItems) admin('POST', '/api/catalogue/approval-items', { code, deptCode, name });
  for (const item of handlingItems) admin('POST', '/api/catalogue/handling-items', { code: item.code, approvalItemCode: item.approvalItem, name: item.name, allowedModes: item.modes });
  admin('POST', '/api/catalogue/handling-items', { code: lateLinkedItem.code(runTag), approvalItemCode: lateLinkedItem.approvalItem, name: lateLinkedItem.name(runTag), allowedModes: [] });
  for (const [code, deptCode, name] of supervisionItems) admin('POST', '/api/catalogue/supervision-items', { code, deptCode, name });
  for (const [code, supervisionItemCode, name] of subItems) admin('POST', '/api/catalogue/supervision-sub-items', { code, supervisionItemCode, name });
  for (const [handlingItemCode, supervisingDeptCode, divisionCode, subItemCode] of linkages) {
    admin('POST', '/api/catalogue/linkages', { handlingItemCode, supervisingDeptCode, divisionCode, subItemCode });
  }

  for (const [key] of enterprises) {
    const code = creditCodeOf(key, runTag);
    const held = licences.filter(([k]) => k === key);
    admin('PUT', `/api/licences/${code}`, {
      licences: [
        { name: BUSINESS_LICENCE, licenceNo: `${code}-YYZZ` },
        ...held.map(([, name, validUntil], i) => ({ name, licenceNo: `${code}-${i + 1}`, ...(validUntil ? { validUntil } : {}) })),
      ],
    });
  }
  return calls;
}

/** Runs the seeding; `onCall` after each call (for the progress bar). */
export async function seedRegion(api: ApiClient, runTag: string, onCall: (done: number, total: number) => void = () => {}): Promise<SeedResult> {
  const calls = seedCalls(runTag);
  const result: SeedResult = { written: 0, existed: 0 };
  for (const [i, call] of calls.entries()) {
    // 409: it is there already (an earlier run, or someone set it up by hand).
    const { status } = await api.call(call.as, call.method, call.path, call.body, [200, 201, 409]);
    if (status === 409) result.existed++;
    else result.written++;
    onCall(i + 1, calls.length);
  }
  return result;
}
