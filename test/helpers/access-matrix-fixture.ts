// The world of the access matrix: Lianyungang (320700) with two departments and three divisions,
// its Haizhou district (320706) whose division supervises the city's case, and Dongli of Tianjin
// (120110) as another region; one real case C1 with its task C1:1, and every other resource a route
// of the API can name. Callers stand in one of five relations to these resources.
import { eq } from 'drizzle-orm';
import { expect, vi } from 'vitest';
import { insertConsultation } from '../../db/consultations.js';
import { attachFindings, insertFinding, insertLetter } from '../../db/notice-letters.js';
import { insertCaseFile } from '../../db/files.js';
import { recordMessage } from '../../db/outbox.js';
import { insertProblem } from '../../db/problems.js';
import { approvalItems, cases, departments, divisions, externalSources, handlingItems, linkages, regions, supervisionItems, supervisionSubItems } from '../../db/schema/index.js';
import { departmentRoles, type Principal, type Role } from '../../domain/access.js';
import { checkCreditCode, creditCodeCheckCharacter, organisationCodeCheckCharacter } from '../../domain/credit-code.js';
import { caseWorkflowId } from '../../workflows/case-id.js';
import { getCaseQuery } from '../../workflows/messages.js';
import type { TestApp } from './api-app.js';
import { caseInput } from './case-input.js';
import { fixture } from './catalogue-fixture.js';
import { bearer, people } from './tokens.js';

/** How a caller stands to the fixture's resources, which all belong to LYG-SCJGJ in 320700. */
export const relations = ['own', 'siblingDivision', 'siblingDept', 'otherRegion', 'supervising'] as const;
/** One relation. */
export type Relation = (typeof relations)[number];

/** Where a caller of each relation sits. */
export const places: Record<Relation, { region: string; dept: string; division: string }> = {
  own: { region: '320700', dept: 'LYG-SCJGJ', division: 'LYG-SCJGJ-SPJY' },
  siblingDivision: { region: '320700', dept: 'LYG-SCJGJ', division: 'LYG-SCJGJ-TSSB' },
  siblingDept: { region: '320700', dept: 'LYG-ZJJ', division: 'LYG-ZJJ-JZC' },
  otherRegion: { region: '120110', dept: 'DL-SCJGJ', division: 'DL-SCJGJ-SPJY' },
  // 属地监管: the district division that supervises the city's case C1.
  supervising: { region: '320706', dept: 'HZ-SCJGJ', division: 'HZ-SCJGJ-SPJY' },
};

/** The caller of one cell: department roles carry their department (and division, level), others only the region. */
export function matrixPrincipal(role: Role, relation: Relation): Principal {
  const place = places[relation];
  return {
    sub: `matrix:${role}:${relation}`,
    roles: [role],
    region: place.region,
    ...(departmentRoles.includes(role) ? { dept: place.dept } : {}),
    ...(role === 'division_admin' ? { division: place.division } : {}),
    ...(role === 'coordinator' ? { level: 1 } : {}),
  };
}

/** What the routes' requests name, known once the fixture is written. */
export interface MatrixFixture {
  caseNo: string;
  taskId: string;
  /** The linkage of C1's handling item to the district division. */
  linkageId: number;
  consultationId: number;
  /** A problem record (问题记录) of LYG-SCJGJ about C1, concerning the supervising district's HZ-SCJGJ. */
  problemId: number;
  /** A dead letter of C1's. */
  deadLetterId: number;
  /** An enterprise registered in 320700 (positions 3–8). */
  creditCode: string;
  personId: string;
  /** A spot-check finding on LYG-SCJGJ not yet in a letter, and a letter to LYG-SCJGJ with another. */
  findingId: number;
  letterId: number;
  /** A data source (L13) of Lianyungang. */
  sourceCode: string;
  /** A file of C1's archive (its record only: the matrix runs no handler). */
  fileId: number;
}

/** The approval item whose case the district supervises. */
export const districtItem = { approvalItem: 'LYG-ACCESS-ITEM', handlingItem: 'LYG-ACCESS-ITEM-NEW', subItem: 'HZ-FOOD-CHECK' } as const;

/** A valid credit code (GB 32100-2015) of a company registered in `region`. */
export function creditCodeIn(region: string, organisation: string): string {
  const first17 = `91${region}${organisation}${organisationCodeCheckCharacter(organisation)}`;
  const code = first17 + creditCodeCheckCharacter(first17);
  expect(checkCreditCode(code)).toMatchObject({ valid: true });
  return code;
}

/** Writes the organisation and catalogue beside the worker's seed, starts C1 and waits for its task. */
export async function seedMatrixFixture(t: TestApp): Promise<MatrixFixture> {
  const { db } = t.database;
  await db.insert(regions).values([
    { code: '320706', name: '海州区', parentCode: '320700' },
    { code: '120110', name: '天津市东丽区', parentCode: null },
  ]);
  await db.insert(departments).values([
    { code: 'LYG-ZJJ', region: '320700', name: '连云港市住房和城乡建设局', side: 'both' },
    { code: 'HZ-SCJGJ', region: '320706', name: '海州区市场监督管理局', side: 'supervision' },
    { code: 'DL-SCJGJ', region: '120110', name: '东丽区市场监督管理局', side: 'both' },
  ]);
  await db.insert(divisions).values([
    { code: 'LYG-SCJGJ-TSSB', deptCode: 'LYG-SCJGJ', name: '特种设备安全监察处' },
    { code: 'LYG-ZJJ-JZC', deptCode: 'LYG-ZJJ', name: '建筑市场监管处' },
    { code: 'HZ-SCJGJ-SPJY', deptCode: 'HZ-SCJGJ', name: '食品安全监管科' },
    { code: 'DL-SCJGJ-SPJY', deptCode: 'DL-SCJGJ', name: '食品经营监管科' },
  ]);
  await db.insert(supervisionItems).values({ code: 'HZ-FOOD', deptCode: 'HZ-SCJGJ', name: '食品经营监督检查' });
  await db.insert(supervisionSubItems).values({ code: districtItem.subItem, supervisionItemCode: 'HZ-FOOD', name: '食品经营日常检查' });
  await db.insert(approvalItems).values({ code: districtItem.approvalItem, deptCode: fixture.dept, name: '小餐饮登记' });
  await db.insert(handlingItems).values({ code: districtItem.handlingItem, approvalItemCode: districtItem.approvalItem, name: '小餐饮登记（新办）', allowedModes: [] });
  const [linkage] = await db
    .insert(linkages)
    .values({ handlingItemCode: districtItem.handlingItem, supervisingDeptCode: 'HZ-SCJGJ', divisionCode: 'HZ-SCJGJ-SPJY', subItemCode: districtItem.subItem })
    .returning();
  const consultation = await insertConsultation(db, {
    region: '320700',
    convenedBy: fixture.dept,
    heldOn: '2026-11-02',
    topics: ['审管联动信息交互基本情况'],
    participants: [{ deptCode: fixture.dept, personIds: ['officer-1'] }],
    decisions: [],
    followUps: [{ item: '梳理未关联监管的事项清单', ownerDept: fixture.dept, dueDate: '2026-12-31', done: false }],
    recordedBy: 'matrix-seed',
  });
  const creditCode = creditCodeIn('320700', 'MA1P4Q2R');
  await db.insert(externalSources).values({ code: 'LYG12345', name: '连云港12345热线', region: '320700', kinds: ['complaint'], secret: 'matrix-source-key-of-thirty-two-bytes!', createdBy: 'matrix-seed' });

  // C1 comes in the way every case does, and is supervised by the district division.
  const input = caseInput({ handlingItem: districtItem.handlingItem, approvalItem: districtItem.approvalItem, mode: 'standard', applicant: { name: '连云港示例餐饮店', creditCode, phone: '13800000000' } });
  const started = await t.app.inject({ method: 'POST', url: '/api/cases', headers: await bearer(people.approvalPlatform), payload: input });
  expect(started.statusCode).toBe(201);
  const taskId = `${input.caseNo}:1`;
  await vi.waitFor(
    async () => {
      const view = await t.client.workflow.getHandle(caseWorkflowId(input.caseNo)).query(getCaseQuery);
      expect(view.tasks.map((task) => [task.taskId, task.divisionCode])).toContainEqual([taskId, 'HZ-SCJGJ-SPJY']);
    },
    { timeout: 20_000, interval: 200 },
  );
  // A dead letter belongs to its case's region in the read model: C1 is there once projected.
  await vi.waitFor(async () => expect(await db.select({ region: cases.region }).from(cases).where(eq(cases.caseNo, input.caseNo))).toEqual([{ region: '320700' }]), {
    timeout: 20_000,
    interval: 200,
  });
  const deadLetter = await recordMessage(db, {
    key: `${input.caseNo}:matrix:dead`,
    channel: 'supervision',
    recipient: 'supervision-platform',
    purpose: 'archive',
    why: '办件推送监管',
    caseNo: input.caseNo,
    payload: {},
    status: 'dead',
    lastError: 'receiver answered HTTP 400',
  });
  const finding = (description: string) =>
    insertFinding(db, { region: '320700', deptCode: fixture.dept, caseNo: input.caseNo, sampleSeed: null, description, foundOn: '2026-11-20', recordedBy: 'matrix-seed' });
  const open = await finding('未在1个工作日内推送审批结果');
  const reported = await finding('监管任务未在3个工作日内查看');
  const letter = await insertLetter(db, {
    region: '320700',
    year: 2026,
    seq: 1,
    number: '连政务办告〔2026〕1号',
    deptCode: fixture.dept,
    issuingOffice: '连云港市政务服务管理办公室',
    issuedBy: 'matrix-seed',
    issuedAt: '2026-11-23T02:00:00.000Z',
    issuedOn: '2026-11-23',
    rectificationWorkingDays: 10,
    rectificationDueAt: '2026-12-06T16:00:00.000Z',
  });
  await attachFindings(db, letter.id, [reported.id]);
  const problem = await insertProblem(
    db,
    {
      region: '320700',
      deptCode: fixture.dept,
      counterpartDept: 'HZ-SCJGJ',
      subjectKind: 'case',
      subjectCode: input.caseNo,
      caseNo: input.caseNo,
      description: '属地监管任务推送后长期未查看',
      level: 1,
      raisedBy: 'matrix-seed',
      raisedLevel: 2,
      idempotencyKey: null,
    },
    ['已电话联系监管处室'],
  );
  const sha256 = 'a'.repeat(64);
  const file = await insertCaseFile(
    db,
    { sha256, size: 4, contentType: 'application/pdf', scannedBy: 'off' },
    { sha256, kind: 'application-material', name: '营业执照.pdf', region: '320700', deptCode: fixture.dept, caseNo: input.caseNo, source: 'upload', addedBy: 'matrix-seed' },
  );
  return {
    caseNo: input.caseNo,
    taskId,
    fileId: file.id,
    linkageId: linkage!.id,
    consultationId: consultation.id,
    problemId: problem.id,
    deadLetterId: deadLetter.id,
    creditCode,
    personId: 'officer-1',
    findingId: open.id,
    letterId: letter.id,
    sourceCode: 'LYG12345',
  };
}
