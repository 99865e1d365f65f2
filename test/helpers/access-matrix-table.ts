// The access policy as a table: for every route of the API, one concrete request naming the
// fixture's resources (all of LYG-SCJGJ in Lianyungang 320700, C1 supervised by the Haizhou
// district division), and per role the relations in which the caller passes the access checks.
// A role the route does not list is refused by role (403). A listed role outside its relations is
// refused by scope: 404 when the URL names the resource (as if it did not exist), 403 otherwise.
import { roles, type Role } from '../../domain/access.js';
import { shanghaiDate } from '../../domain/case/local-time.js';
import { fixture } from './catalogue-fixture.js';
import { caseInput } from './case-input.js';
import { districtItem, relations, type MatrixFixture, type Relation } from './access-matrix-fixture.js';

/** One request as `app.inject` takes it. */
export interface MatrixRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  query?: Record<string, string>;
  payload?: object | string;
  headers?: Record<string, string>;
}

/** Who may make a route's request, and how a refusal by scope answers. */
export interface RouteRule {
  request: (f: MatrixFixture) => MatrixRequest;
  /** Every role the route lists, with the relations in which it passes; `nowhere` for none. */
  allowed: Partial<Record<Role, readonly Relation[]>>;
  /** The URL names the resource: a refusal by scope answers 404 (for these relations only, when listed). */
  notFound?: true | readonly Relation[];
}

/** Relation groups. */
const sameDept = ['own', 'siblingDivision'] as const satisfies readonly Relation[];
const sameRegion = ['own', 'siblingDivision', 'siblingDept'] as const satisfies readonly Relation[];
const everywhere = relations;
const notOtherRegion = [...sameRegion, 'supervising'] as const satisfies readonly Relation[];
const supervisingSide = ['supervising'] as const satisfies readonly Relation[];
const nowhere = [] as const satisfies readonly Relation[];
/** The callers whose region does not cover Lianyungang's. */
const outsideRegion = ['otherRegion', 'supervising'] as const satisfies readonly Relation[];

/** The same relations for several roles. */
const each = (who: readonly Role[], where: readonly Relation[]): Partial<Record<Role, readonly Relation[]>> => Object.fromEntries(who.map((role) => [role, where]));
const anyRole = (where: readonly Relation[]) => each(roles, where);
const portraitReaders = ['approval_officer', 'division_admin', 'coordinator', 'auditor', 'region_admin', 'credit_officer'] as const;
const meetingReaders = ['auditor', 'region_admin', 'coordinator'] as const;
/** Who reads C1's files: whoever reads the case, and the records admins of Lianyungang. */
const fileReaders = {
  approval_officer: sameDept,
  division_admin: supervisingSide,
  coordinator: [...sameDept, 'supervising'],
  auditor: notOtherRegion,
  region_admin: notOtherRegion,
  records_admin: sameRegion,
} as const satisfies Partial<Record<Role, readonly Relation[]>>;
/** The coordinators who follow the fixture's problem record: its department's and the supervising district's (its counterpart). */
const problemFollowers = ['own', 'siblingDivision', 'supervising'] as const satisfies readonly Relation[];

const reason = '权限矩阵测试';
const region = { region: fixture.region };
const withReason = { reason };
const csv = (url: string): MatrixRequest => ({ method: 'POST', url, query: withReason, payload: 'code,name\n', headers: { 'content-type': 'text/csv' } });
const enc = encodeURIComponent;

/** The catalogue lists read by region and written by the catalogue admins of the item's region. */
function ownedItemRules(kind: string, code: string): Record<string, RouteRule> {
  return {
    [`GET /api/catalogue/${kind}`]: { request: () => ({ method: 'GET', url: `/api/catalogue/${kind}`, query: region }), allowed: anyRole(sameRegion) },
    [`POST /api/catalogue/${kind}`]: {
      request: () => ({ method: 'POST', url: `/api/catalogue/${kind}`, payload: { code: `NEW-${kind}`, deptCode: fixture.dept, name: '新事项', reason } }),
      allowed: { catalogue_admin: sameRegion },
    },
    [`GET /api/catalogue/${kind}/:code`]: { request: () => ({ method: 'GET', url: `/api/catalogue/${kind}/${code}` }), allowed: anyRole(sameRegion), notFound: true },
    [`PATCH /api/catalogue/${kind}/:code`]: {
      request: () => ({ method: 'PATCH', url: `/api/catalogue/${kind}/${code}`, payload: { name: '改名', reason } }),
      allowed: { catalogue_admin: sameRegion },
      notFound: true,
    },
    [`DELETE /api/catalogue/${kind}/:code`]: { request: () => ({ method: 'DELETE', url: `/api/catalogue/${kind}/${code}`, query: withReason }), allowed: { catalogue_admin: sameRegion }, notFound: true },
  };
}

/** The CSV export and import of every catalogue: exports by region, imports checked row by row. */
const csvRules = Object.fromEntries(
  ['approval-items', 'handling-items', 'supervision-items', 'supervision-sub-items', 'linkages'].flatMap((kind) => [
    [`GET /api/catalogue/${kind}.csv`, { request: () => ({ method: 'GET', url: `/api/catalogue/${kind}.csv`, query: region }), allowed: anyRole(sameRegion) }],
    [`POST /api/catalogue/${kind}/import`, { request: () => csv(`/api/catalogue/${kind}/import`), allowed: { catalogue_admin: everywhere } }],
  ]),
) as Record<string, RouteRule>;

/** Keyed `METHOD url` as in `app.routeAccess`. */
export const accessTable: Record<string, RouteRule> = {
  // — Cases: the approval department acts; its supervising divisions and the region read.
  'POST /api/cases': {
    request: () => ({ method: 'POST', url: '/api/cases', payload: caseInput({ handlingItem: districtItem.handlingItem, approvalItem: districtItem.approvalItem }) }),
    allowed: { approval_officer: sameDept },
  },
  'GET /api/cases': {
    request: () => ({ method: 'GET', url: '/api/cases', query: { dept: fixture.dept } }),
    allowed: { ...each(['approval_officer', 'division_admin', 'coordinator'], sameDept), ...each(['auditor', 'region_admin'], sameRegion) },
    // A department the query names in a region the caller does not cover is not found.
    notFound: outsideRegion,
  },
  'GET /api/cases/:caseNo': {
    request: (f) => ({ method: 'GET', url: `/api/cases/${f.caseNo}` }),
    allowed: { approval_officer: sameDept, division_admin: supervisingSide, coordinator: [...sameDept, 'supervising'], auditor: notOtherRegion, region_admin: notOtherRegion },
    notFound: true,
  },
  // Readable like the case itself.
  'GET /api/cases/:caseNo/actions/:key': {
    request: (f) => ({ method: 'GET', url: `/api/cases/${f.caseNo}/actions/no-such-key` }),
    allowed: { approval_officer: sameDept, division_admin: supervisingSide, coordinator: [...sameDept, 'supervising'], auditor: notOtherRegion, region_admin: notOtherRegion },
    notFound: true,
  },
  'POST /api/cases/:caseNo/materials': {
    request: (f) => ({ method: 'POST', url: `/api/cases/${f.caseNo}/materials`, payload: { materials: ['食品经营许可申请书'] } }),
    allowed: { approval_officer: sameDept },
    notFound: true,
  },
  'POST /api/cases/:caseNo/decisions': {
    request: (f) => ({ method: 'POST', url: `/api/cases/${f.caseNo}/decisions`, payload: { kind: 'commitment', decision: 'keep', reason } }),
    allowed: { approval_officer: sameDept },
    notFound: true,
  },
  // A coordinator withdraws only the spot checks its department drew; C1 is none.
  'POST /api/cases/:caseNo/withdrawal': {
    request: (f) => ({ method: 'POST', url: `/api/cases/${f.caseNo}/withdrawal`, payload: { reason } }),
    allowed: { approval_officer: sameDept, coordinator: nowhere },
    notFound: true,
  },

  // — Tasks: the supervising division's inbox and its actions.
  'GET /api/tasks': {
    request: () => ({ method: 'GET', url: '/api/tasks', query: { division: 'HZ-SCJGJ-SPJY' } }),
    allowed: { division_admin: supervisingSide, coordinator: supervisingSide, auditor: notOtherRegion, region_admin: notOtherRegion },
    notFound: ['otherRegion'],
  },
  ...Object.fromEntries(
    (
      [
        ['view', undefined],
        ['inspections', { inspectedAt: '2026-11-25T10:00:00+08:00', result: 'compliant' }],
        ['rectification-orders', { dueDate: '2026-12-31', requirements: '补充进货查验记录' }],
        ['rectification-reports', { report: '已补充进货查验记录' }],
        ['revocation-proposals', { reason }],
      ] as const
    ).map(([action, payload]): [string, RouteRule] => [
      `POST /api/tasks/:taskId/${action}`,
      { request: (f) => ({ method: 'POST', url: `/api/tasks/${enc(f.taskId)}/${action}`, ...(payload ? { payload } : {}) }), allowed: { division_admin: supervisingSide }, notFound: true },
    ]),
  ),

  // — Credit codes, checks, grades, licences, enterprises: public credit information reads everywhere.
  'GET /api/credit-codes/:code': { request: (f) => ({ method: 'GET', url: `/api/credit-codes/${f.creditCode}` }), allowed: anyRole(everywhere) },
  'POST /api/credit-checks': { request: (f) => ({ method: 'POST', url: '/api/credit-checks', payload: { creditCode: f.creditCode } }), allowed: each(['approval_officer', 'auditor'], everywhere) },
  'PUT /api/credit-grades/:creditCode': {
    request: (f) => ({ method: 'PUT', url: `/api/credit-grades/${f.creditCode}`, payload: { grade: 'A', gradedOn: '2026-11-01', reason } }),
    allowed: { credit_officer: sameRegion },
  },
  'POST /api/credit-grades/import': { request: () => csv('/api/credit-grades/import'), allowed: each(['credit_officer', 'region_admin'], everywhere) },
  'GET /api/credit-grades/export': { request: () => ({ method: 'GET', url: '/api/credit-grades/export' }), allowed: each(['credit_officer', 'region_admin', 'auditor'], everywhere) },
  'GET /api/credit-grades/:creditCode': { request: (f) => ({ method: 'GET', url: `/api/credit-grades/${f.creditCode}` }), allowed: each(portraitReaders, everywhere) },
  'GET /api/licences': { request: (f) => ({ method: 'GET', url: '/api/licences', query: { creditCode: f.creditCode } }), allowed: anyRole(everywhere) },
  'PUT /api/licences/:creditCode': {
    request: (f) => ({ method: 'PUT', url: `/api/licences/${f.creditCode}`, payload: { licences: [{ name: '食品经营许可证', licenceNo: 'JY13207000000001' }], reason } }),
    allowed: { region_admin: sameRegion },
  },
  'GET /api/enterprises/:creditCode': { request: (f) => ({ method: 'GET', url: `/api/enterprises/${f.creditCode}` }), allowed: each(portraitReaders, everywhere) },

  // — External data sources (L13), kept by the region admins of the region each serves; the
  // webhook POST /api/external-records/:source is public (signed by the source) and not listed.
  'GET /api/external-sources': { request: () => ({ method: 'GET', url: '/api/external-sources' }), allowed: each(['region_admin', 'auditor'], everywhere) },
  'POST /api/external-sources': {
    request: () => ({ method: 'POST', url: '/api/external-sources', payload: { code: 'NEWSRC', name: '新数据来源', region: fixture.region, kinds: ['complaint'], reason } }),
    allowed: { region_admin: sameRegion },
  },
  'GET /api/external-sources/:code': {
    request: (f) => ({ method: 'GET', url: `/api/external-sources/${f.sourceCode}` }),
    allowed: each(['region_admin', 'auditor'], sameRegion),
    notFound: true,
  },
  'PATCH /api/external-sources/:code': {
    request: (f) => ({ method: 'PATCH', url: `/api/external-sources/${f.sourceCode}`, payload: { name: '改名', reason } }),
    allowed: { region_admin: sameRegion },
    notFound: true,
  },
  'DELETE /api/external-sources/:code': {
    request: (f) => ({ method: 'DELETE', url: `/api/external-sources/${f.sourceCode}`, query: withReason }),
    allowed: { region_admin: sameRegion },
    notFound: true,
  },
  'POST /api/external-records/import': {
    request: (f) => ({ method: 'POST', url: '/api/external-records/import', query: { source: f.sourceCode, reason }, payload: 'record_id\n', headers: { 'content-type': 'text/csv' } }),
    allowed: { region_admin: sameRegion },
    notFound: true,
  },

  // — Working-day calendar.
  'GET /api/calendar/days': { request: () => ({ method: 'GET', url: '/api/calendar/days', query: { from: '2026-12-01', to: '2026-12-31' } }), allowed: anyRole(everywhere) },
  'GET /api/calendar/deadline': {
    request: () => ({ method: 'GET', url: '/api/calendar/deadline', query: { start: '2026-12-01T10:00:00+08:00', workingDays: '3' } }),
    allowed: anyRole(everywhere),
  },
  'GET /api/calendar/years': { request: () => ({ method: 'GET', url: '/api/calendar/years' }), allowed: anyRole(everywhere) },
  'PUT /api/calendar/years/:year': {
    request: () => ({ method: 'PUT', url: '/api/calendar/years/2027', query: withReason, payload: { year: 2027, notice: '国务院办公厅通知', holidays: [] } }),
    allowed: { calendar_admin: everywhere },
  },

  // — Organisation: regions, departments, divisions, people of 320700, kept by its region admins.
  'GET /api/regions': { request: () => ({ method: 'GET', url: '/api/regions' }), allowed: anyRole(everywhere) },
  'PUT /api/regions/:code': {
    request: () => ({ method: 'PUT', url: `/api/regions/${fixture.region}`, payload: { name: '连云港市', parentCode: '320000', reason } }),
    allowed: { region_admin: sameRegion },
  },
  // A region's policy is read by anyone in its chain (its districts run on it), and added to by its own administrators only.
  'GET /api/regions/:code/policy': { request: () => ({ method: 'GET', url: `/api/regions/${fixture.region}/policy` }), allowed: anyRole(notOtherRegion), notFound: true },
  'GET /api/regions/:code/policy/versions': { request: () => ({ method: 'GET', url: `/api/regions/${fixture.region}/policy/versions` }), allowed: anyRole(notOtherRegion), notFound: true },
  'POST /api/regions/:code/policy/versions': {
    request: () => ({ method: 'POST', url: `/api/regions/${fixture.region}/policy/versions`, payload: { effectiveFrom: shanghaiDate(new Date()), preset: 'lianyungang', reason } }),
    allowed: { policy_admin: sameRegion, region_admin: sameRegion },
    notFound: true,
  },
  'GET /api/departments': { request: () => ({ method: 'GET', url: '/api/departments', query: region }), allowed: anyRole(sameRegion) },
  'POST /api/departments': {
    request: () => ({ method: 'POST', url: '/api/departments', payload: { code: 'LYG-NEW', region: fixture.region, name: '新部门', side: 'both', reason } }),
    allowed: { region_admin: sameRegion },
  },
  'GET /api/departments/:code': { request: () => ({ method: 'GET', url: `/api/departments/${fixture.dept}` }), allowed: anyRole(sameRegion), notFound: true },
  'PATCH /api/departments/:code': {
    request: () => ({ method: 'PATCH', url: `/api/departments/${fixture.dept}`, payload: { name: '改名', reason } }),
    allowed: { region_admin: sameRegion },
    notFound: true,
  },
  'DELETE /api/departments/:code': { request: () => ({ method: 'DELETE', url: `/api/departments/${fixture.dept}`, query: withReason }), allowed: { region_admin: sameRegion }, notFound: true },
  'GET /api/divisions': { request: () => ({ method: 'GET', url: '/api/divisions', query: { dept: fixture.dept } }), allowed: anyRole(sameRegion), notFound: true },
  'POST /api/divisions': {
    request: () => ({ method: 'POST', url: '/api/divisions', payload: { code: 'LYG-SCJGJ-NEW', deptCode: fixture.dept, name: '新处室', reason } }),
    allowed: { region_admin: sameRegion },
  },
  'GET /api/divisions/:code': { request: () => ({ method: 'GET', url: `/api/divisions/${fixture.division}` }), allowed: anyRole(sameRegion), notFound: true },
  'PATCH /api/divisions/:code': {
    request: () => ({ method: 'PATCH', url: `/api/divisions/${fixture.division}`, payload: { name: '改名', reason } }),
    allowed: { region_admin: sameRegion },
    notFound: true,
  },
  'DELETE /api/divisions/:code': { request: () => ({ method: 'DELETE', url: `/api/divisions/${fixture.division}`, query: withReason }), allowed: { region_admin: sameRegion }, notFound: true },
  'GET /api/people': { request: () => ({ method: 'GET', url: '/api/people', query: region }), allowed: anyRole(sameRegion) },
  'POST /api/people': {
    request: () => ({ method: 'POST', url: '/api/people', payload: { id: 'new-person', kind: 'person', name: '新人员', region: fixture.region, roles: ['auditor'], reason } }),
    allowed: { region_admin: sameRegion },
  },
  'GET /api/people/:id': { request: (f) => ({ method: 'GET', url: `/api/people/${f.personId}` }), allowed: anyRole(sameRegion), notFound: true },
  'PATCH /api/people/:id': {
    request: (f) => ({ method: 'PATCH', url: `/api/people/${f.personId}`, payload: { name: '改名', reason } }),
    allowed: { region_admin: sameRegion },
    notFound: true,
  },
  'DELETE /api/people/:id': { request: (f) => ({ method: 'DELETE', url: `/api/people/${f.personId}`, query: withReason }), allowed: { region_admin: sameRegion }, notFound: true },

  // — Catalogue of 320700: read by everyone of the region, kept by its catalogue admins.
  ...ownedItemRules('approval-items', fixture.approvalItem),
  ...ownedItemRules('supervision-items', 'FOOD-SUPERVISION'),
  'GET /api/catalogue/handling-items': { request: () => ({ method: 'GET', url: '/api/catalogue/handling-items', query: region }), allowed: anyRole(sameRegion) },
  'POST /api/catalogue/handling-items': {
    request: () => ({ method: 'POST', url: '/api/catalogue/handling-items', payload: { code: 'NEW-HANDLING', approvalItemCode: fixture.approvalItem, name: '新办理项', reason } }),
    allowed: { catalogue_admin: sameRegion },
  },
  'GET /api/catalogue/handling-items/:code': { request: () => ({ method: 'GET', url: `/api/catalogue/handling-items/${fixture.handlingItem}` }), allowed: anyRole(sameRegion), notFound: true },
  'PATCH /api/catalogue/handling-items/:code': {
    request: () => ({ method: 'PATCH', url: `/api/catalogue/handling-items/${fixture.handlingItem}`, payload: { name: '改名', reason } }),
    allowed: { catalogue_admin: sameRegion },
    notFound: true,
  },
  'DELETE /api/catalogue/handling-items/:code': {
    request: () => ({ method: 'DELETE', url: `/api/catalogue/handling-items/${fixture.handlingItem}`, query: withReason }),
    allowed: { catalogue_admin: sameRegion },
    notFound: true,
  },
  'GET /api/catalogue/supervision-sub-items': { request: () => ({ method: 'GET', url: '/api/catalogue/supervision-sub-items', query: region }), allowed: anyRole(sameRegion) },
  'POST /api/catalogue/supervision-sub-items': {
    request: () => ({ method: 'POST', url: '/api/catalogue/supervision-sub-items', payload: { code: 'NEW-SUB', supervisionItemCode: 'FOOD-SUPERVISION', name: '新子项', reason } }),
    allowed: { catalogue_admin: sameRegion },
  },
  'GET /api/catalogue/supervision-sub-items/:code': { request: () => ({ method: 'GET', url: `/api/catalogue/supervision-sub-items/${fixture.subItem}` }), allowed: anyRole(sameRegion), notFound: true },
  'PATCH /api/catalogue/supervision-sub-items/:code': {
    request: () => ({ method: 'PATCH', url: `/api/catalogue/supervision-sub-items/${fixture.subItem}`, payload: { name: '改名', reason } }),
    allowed: { catalogue_admin: sameRegion },
    notFound: true,
  },
  'DELETE /api/catalogue/supervision-sub-items/:code': {
    request: () => ({ method: 'DELETE', url: `/api/catalogue/supervision-sub-items/${fixture.subItem}`, query: withReason }),
    allowed: { catalogue_admin: sameRegion },
    notFound: true,
  },
  // A linkage from the city's item to the district: only a catalogue admin covering both ends keeps it.
  'GET /api/catalogue/linkages': { request: () => ({ method: 'GET', url: '/api/catalogue/linkages', query: region }), allowed: anyRole(sameRegion) },
  'POST /api/catalogue/linkages': {
    request: () => ({
      method: 'POST',
      url: '/api/catalogue/linkages',
      payload: { handlingItemCode: fixture.unlinkedItem, supervisingDeptCode: 'HZ-SCJGJ', divisionCode: 'HZ-SCJGJ-SPJY', subItemCode: districtItem.subItem, reason },
    }),
    allowed: { catalogue_admin: sameRegion },
  },
  'GET /api/catalogue/linkages/:id': { request: (f) => ({ method: 'GET', url: `/api/catalogue/linkages/${f.linkageId}` }), allowed: anyRole(sameRegion), notFound: true },
  'PATCH /api/catalogue/linkages/:id': {
    request: (f) => ({ method: 'PATCH', url: `/api/catalogue/linkages/${f.linkageId}`, payload: { reason } }),
    allowed: { catalogue_admin: sameRegion },
    notFound: true,
  },
  'DELETE /api/catalogue/linkages/:id': { request: (f) => ({ method: 'DELETE', url: `/api/catalogue/linkages/${f.linkageId}`, query: withReason }), allowed: { catalogue_admin: sameRegion }, notFound: true },
  'GET /api/catalogue/unlinked': { request: () => ({ method: 'GET', url: '/api/catalogue/unlinked', query: region }), allowed: anyRole(sameRegion) },
  ...csvRules,

  // — Coordination: dashboard, assessment, consultations, summaries, sampling of LYG-SCJGJ.
  'GET /api/dashboard/coordinator': {
    request: () => ({ method: 'GET', url: '/api/dashboard/coordinator', query: { dept: fixture.dept } }),
    allowed: { coordinator: sameDept, region_admin: sameRegion, auditor: sameRegion },
    notFound: outsideRegion,
  },
  ...Object.fromEntries(
    ['/api/stats/assessment', '/api/stats/assessment.csv'].map((url): [string, RouteRule] => [
      `GET ${url}`,
      { request: () => ({ method: 'GET', url, query: { ...region, dept: fixture.dept } }), allowed: { coordinator: sameDept, auditor: sameRegion, region_admin: sameRegion } },
    ]),
  ),
  'GET /api/outbox/dead-letters': { request: () => ({ method: 'GET', url: '/api/outbox/dead-letters', query: region }), allowed: each(['auditor', 'region_admin', 'ops'], sameRegion) },
  // Another region's dead letter is not found, as in the listing.
  'POST /api/outbox/dead-letters/:id/requeue': {
    request: (f) => ({ method: 'POST', url: `/api/outbox/dead-letters/${f.deadLetterId}/requeue`, payload: withReason }),
    allowed: each(['region_admin', 'ops'], sameRegion),
    notFound: true,
  },
  // The codec: ops anywhere pass the checks; each payload's case is then checked against their region (test/api/codec.test.ts).
  'POST /codec/decode': { request: () => ({ method: 'POST', url: '/codec/decode', payload: { payloads: [] } }), allowed: { ops: everywhere } },
  'POST /codec/encode': { request: () => ({ method: 'POST', url: '/codec/encode', payload: { payloads: [] } }), allowed: { ops: everywhere } },
  'GET /api/stats/spot-sample': { request: () => ({ method: 'GET', url: '/api/stats/spot-sample', query: { ...region, size: '5' } }), allowed: { auditor: sameRegion } },
  'POST /api/consultations': {
    request: () => ({
      method: 'POST',
      url: '/api/consultations',
      payload: {
        heldOn: '2026-11-30',
        convenedBy: fixture.dept,
        topics: ['信息交互工作中出现的主要问题及应对措施'],
        participants: [{ deptCode: fixture.dept, personIds: ['officer-1'] }],
        decisions: [],
        followUps: [],
        reason,
      },
    }),
    allowed: { coordinator: sameDept, region_admin: sameRegion },
  },
  'GET /api/consultations': { request: () => ({ method: 'GET', url: '/api/consultations', query: region }), allowed: each(meetingReaders, sameRegion) },
  'GET /api/consultations/export': { request: () => ({ method: 'GET', url: '/api/consultations/export', query: region }), allowed: each(meetingReaders, sameRegion) },
  // Another region's meeting is not found; the wrong department of the region is forbidden.
  'PATCH /api/consultations/:id/follow-ups/:n': {
    request: (f) => ({ method: 'PATCH', url: `/api/consultations/${f.consultationId}/follow-ups/0`, payload: { done: true, reason } }),
    allowed: { coordinator: sameDept, region_admin: sameRegion },
    notFound: ['otherRegion', 'supervising'],
  },
  'PUT /api/consultations/summaries/:deptCode/:year/:half': {
    request: () => ({ method: 'PUT', url: `/api/consultations/summaries/${fixture.dept}/2026/1`, payload: { summary: '上半年审管联动工作小结', reason } }),
    allowed: { coordinator: sameDept, region_admin: sameRegion },
    notFound: true,
  },
  'GET /api/consultations/summaries': { request: () => ({ method: 'GET', url: '/api/consultations/summaries', query: region }), allowed: each(meetingReaders, sameRegion) },
  'GET /api/consultations/summaries/export': {
    request: () => ({ method: 'GET', url: '/api/consultations/summaries/export', query: region }),
    allowed: each(meetingReaders, sameRegion),
  },
  // — Problem records (问题记录, D 二 3) of LYG-SCJGJ, concerning the supervising district's HZ-SCJGJ:
  // raised by a coordinator for its own department; read and followed by both departments'
  // coordinators, read by the admins and auditors above either department; out of scope not found.
  'POST /api/problems': {
    request: () => ({ method: 'POST', url: '/api/problems', payload: { subject: { kind: 'general' }, description: '本部门无法解决的问题', measures: [], deptCode: fixture.dept, reason } }),
    allowed: { coordinator: sameDept },
  },
  'GET /api/problems': {
    request: () => ({ method: 'GET', url: '/api/problems', query: { dept: fixture.dept } }),
    allowed: { coordinator: sameDept, region_admin: sameRegion, auditor: sameRegion },
    notFound: outsideRegion,
  },
  'GET /api/problems/:id': {
    request: (f) => ({ method: 'GET', url: `/api/problems/${f.problemId}` }),
    allowed: { coordinator: problemFollowers, region_admin: [...sameRegion, 'supervising'], auditor: [...sameRegion, 'supervising'] },
    notFound: true,
  },
  ...Object.fromEntries(
    (
      [
        ['POST', 'comments', { comment: '已协调' }],
        ['POST', 'measures', { measures: ['约谈监管处室'] }],
        ['POST', 'escalation', { reason }],
        ['POST', 'resolution', { resolution: '已解决' }],
        ['POST', 'referral', { reason }],
        ['PUT', 'consultation', { consultationId: 1, reason }],
      ] as const
    ).map(([method, path, payload]): [string, RouteRule] => [
      `${method} /api/problems/:id/${path}`,
      { request: (f) => ({ method, url: `/api/problems/${f.problemId}/${path}`, payload }), allowed: { coordinator: problemFollowers }, notFound: true },
    ]),
  ),
  'GET /api/sampling/settings/:deptCode': {
    request: () => ({ method: 'GET', url: `/api/sampling/settings/${fixture.dept}` }),
    allowed: { coordinator: sameDept, region_admin: sameRegion },
    notFound: true,
  },
  'PUT /api/sampling/settings/:deptCode': {
    request: () => ({ method: 'PUT', url: `/api/sampling/settings/${fixture.dept}`, payload: { enterprisesPerMonth: 2, reason } }),
    allowed: { coordinator: sameDept, region_admin: sameRegion },
    notFound: true,
  },
  'GET /api/sampling/draws': {
    request: () => ({ method: 'GET', url: '/api/sampling/draws', query: { month: '2026-11', dept: fixture.dept } }),
    allowed: { coordinator: sameDept, auditor: sameRegion, region_admin: sameRegion },
    notFound: outsideRegion,
  },
  // — Spot-check findings and notice letters (告知函, D 四 2): auditors issue, the department answers.
  'POST /api/notice-letters/findings': {
    request: () => ({ method: 'POST', url: '/api/notice-letters/findings', payload: { deptCode: fixture.dept, description: '未在1个工作日内推送审批结果', reason } }),
    allowed: { auditor: sameRegion },
  },
  'POST /api/notice-letters': {
    request: (f) => ({ method: 'POST', url: '/api/notice-letters', payload: { deptCode: fixture.dept, findingIds: [f.findingId], reason } }),
    allowed: { auditor: sameRegion },
  },
  ...Object.fromEntries(
    ['/api/notice-letters/findings', '/api/notice-letters'].map((url): [string, RouteRule] => [
      `GET ${url}`,
      { request: () => ({ method: 'GET', url, query: { ...region, dept: fixture.dept } }), allowed: { coordinator: sameDept, auditor: sameRegion, region_admin: sameRegion } },
    ]),
  ),
  // Another department's or region's letter is not found.
  'GET /api/notice-letters/:id': {
    request: (f) => ({ method: 'GET', url: `/api/notice-letters/${f.letterId}` }),
    allowed: { coordinator: sameDept, auditor: sameRegion, region_admin: sameRegion },
    notFound: true,
  },
  'GET /api/notice-letters/:id/document': {
    request: (f) => ({ method: 'GET', url: `/api/notice-letters/${f.letterId}/document` }),
    allowed: { coordinator: sameDept, auditor: sameRegion, region_admin: sameRegion },
    notFound: true,
  },
  'POST /api/notice-letters/:id/acknowledgement': {
    request: (f) => ({ method: 'POST', url: `/api/notice-letters/${f.letterId}/acknowledgement`, payload: withReason }),
    allowed: { coordinator: sameDept, region_admin: sameRegion },
    notFound: true,
  },
  'POST /api/notice-letters/:id/rectification': {
    request: (f) => ({ method: 'POST', url: `/api/notice-letters/${f.letterId}/rectification`, payload: { report: '已逐项整改', reason } }),
    allowed: { coordinator: sameDept, region_admin: sameRegion },
    notFound: true,
  },
  'GET /api/stats/regular-checks': { request: () => ({ method: 'GET', url: '/api/stats/regular-checks', query: { ...region, year: '2026' } }), allowed: each(['auditor', 'region_admin'], sameRegion) },
  // Runs for the caller's own region, whatever it is.
  'POST /api/sampling/runs': { request: () => ({ method: 'POST', url: '/api/sampling/runs', payload: { month: '2026-11', reason } }), allowed: { region_admin: everywhere } },
  // Files: uploaded by the side that adds them, read like the case they belong to (and by records
  // admins of the file's region), withdrawn by records admins only.
  'POST /api/files': { request: () => ({ method: 'POST', url: '/api/files', query: { kind: 'application-material', dept: fixture.dept } }), allowed: { approval_officer: sameDept }, notFound: outsideRegion },
  'POST /api/cases/:caseNo/files': { request: (f) => ({ method: 'POST', url: `/api/cases/${f.caseNo}/files`, query: { kind: 'revocation-decision' } }), allowed: { approval_officer: sameDept }, notFound: true },
  'POST /api/tasks/:taskId/files': { request: (f) => ({ method: 'POST', url: `/api/tasks/${enc(f.taskId)}/files`, query: { kind: 'inspection-photo' } }), allowed: { division_admin: supervisingSide }, notFound: true },
  'GET /api/cases/:caseNo/files': { request: (f) => ({ method: 'GET', url: `/api/cases/${f.caseNo}/files` }), allowed: fileReaders, notFound: true },
  'GET /api/files/:fileId': { request: (f) => ({ method: 'GET', url: `/api/files/${f.fileId}` }), allowed: fileReaders, notFound: true },
  'GET /api/files/:fileId/content': { request: (f) => ({ method: 'GET', url: `/api/files/${f.fileId}/content` }), allowed: fileReaders, notFound: true },
  'GET /api/files/:fileId/link': { request: (f) => ({ method: 'GET', url: `/api/files/${f.fileId}/link` }), allowed: fileReaders, notFound: true },
  'POST /api/files/:fileId/withdrawal': { request: (f) => ({ method: 'POST', url: `/api/files/${f.fileId}/withdrawal`, payload: withReason }), allowed: { records_admin: sameRegion }, notFound: true },
};

/** A cell where the code answers otherwise than the table, left for a decision; each must still differ. */
export interface Deviation {
  route: string;
  role: Role;
  relation: Relation;
  /** What the code answers. */
  got: number;
  why: string;
}

/** The cells the code answers otherwise than the table. */
export const knownDeviations: readonly Deviation[] = [];
