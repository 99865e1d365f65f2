// `npm run seed:example [-- <admin token>]`: puts a small example region into a running system
// through its API — Lianyungang (320700), its market regulator on both sides, a food-business
// licence item linked to the food-safety division, the people who act on it, and the city's own
// linkage policy (the Lianyungang preset) — and prints tokens for them. Idempotent: what exists
// already is left as it is. Without a token given, it uses the one npm start wrote to
// SHENGUAN_DATA_DIR/admin-token.
import { existsSync, readFileSync } from 'node:fs';
import { shanghaiDate } from '../domain/case/local-time.js';
import { setting } from './config.js';
import { adminTokenPath, mintLocalToken } from './lib/token-config.js';

const tokenFile = adminTokenPath(setting('SHENGUAN_DATA_DIR')!);
const token = process.argv[2] ?? (existsSync(tokenFile) ? readFileSync(tokenFile, 'utf8').trim() : undefined);
if (!token) {
  console.error(`usage: npm run seed:example [-- <admin token>] (default: the token npm start wrote to ${tokenFile})`);
  process.exit(2);
}
const api = process.env.SHENGUAN_API_URL ?? `http://127.0.0.1:${setting('API_PORT')}`;

async function call(method: string, path: string, body: object, as: string = token!): Promise<void> {
  const res = await fetch(`${api}${path}`, {
    method,
    headers: { authorization: `Bearer ${as}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...body, reason: '示例数据' }),
  });
  // 409: it is there already.
  if (!res.ok && res.status !== 409) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
  console.log(`${res.status === 409 ? 'exists ' : 'created'} ${path}`);
}

const dept = 'LYG-SCJGJ';
const division = 'LYG-SCJGJ-SPJY';
await call('PUT', '/api/regions/320000', { name: '江苏省' });
await call('PUT', '/api/regions/320700', { name: '连云港市', parentCode: '320000' });
await call('POST', '/api/departments', { code: dept, region: '320700', name: '连云港市市场监督管理局', side: 'both' });
await call('POST', '/api/divisions', { code: division, deptCode: dept, name: '食品经营监管处' });
await call('POST', '/api/people', { id: 'div-admin-1', kind: 'person', name: '处室管理员（示例）', phone: '13900000001', region: '320700', deptCode: dept, divisionCode: division, roles: ['division_admin'] });
for (const level of [1, 2, 3]) {
  await call('POST', '/api/people', { id: `coordinator-${level}`, kind: 'person', name: `${level}级协调员（示例）`, phone: `1390000001${level}`, region: '320700', deptCode: dept, roles: ['coordinator'], level });
}
await call('POST', '/api/people', { id: 'svc:approval-platform', kind: 'service', name: '政务服务一体化平台', region: '320700', roles: ['approval_officer'] });
await call('POST', '/api/catalogue/approval-items', { code: 'FOOD-BUSINESS-LICENCE', deptCode: dept, name: '食品经营许可' });
await call('POST', '/api/catalogue/handling-items', { code: 'FOOD-BUSINESS-LICENCE-NEW', approvalItemCode: 'FOOD-BUSINESS-LICENCE', name: '食品经营许可（新办）', allowedModes: ['deferral', 'verification', 'postCheck'] });
await call('POST', '/api/catalogue/supervision-items', { code: 'FOOD-SUPERVISION', deptCode: dept, name: '食品经营监督检查' });
await call('POST', '/api/catalogue/supervision-sub-items', { code: 'FOOD-CHECK', supervisionItemCode: 'FOOD-SUPERVISION', name: '食品经营许可事后核查' });
await call('POST', '/api/catalogue/linkages', { handlingItemCode: 'FOOD-BUSINESS-LICENCE-NEW', supervisingDeptCode: dept, divisionCode: division, subItemCode: 'FOOD-CHECK' });

// Only a region's own administrators add its policy versions: the admin token (region 100000) may
// not, so the city's 审管规则管理员 does. A policy version is never 409: what the city runs on is
// looked up first, so that a second run adds no second version.
const policyAdmin = await mintLocalToken({ sub: 'lyg-policy', roles: ['policy_admin'], region: '320700' }, '10m');
const versionsPath = '/api/regions/320700/policy/versions';
const listed = await fetch(`${api}${versionsPath}`, { headers: { authorization: `Bearer ${policyAdmin}` } });
if (!listed.ok) throw new Error(`GET ${versionsPath} → ${listed.status} ${await listed.text()}`);
if (((await listed.json()) as { preset: string | null }[]).some((v) => v.preset === 'lianyungang')) console.log(`exists  ${versionsPath} (lianyungang)`);
else await call('POST', versionsPath, { effectiveFrom: shanghaiDate(new Date()), preset: 'lianyungang' }, policyAdmin);
console.log(`
Tokens for the example (npm run token):
  approval platform: npm run -s token -- --sub svc:approval-platform --roles approval_officer --region 320700
  division admin:    npm run -s token -- --sub div-admin-1 --roles division_admin --region 320700 --dept ${dept} --division ${division}`);
