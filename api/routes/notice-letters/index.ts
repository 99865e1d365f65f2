// /api/notice-letters: spot-check findings and notice letters (告知函, Dongli 四 2). The 政务服务办's
// auditors record what their random checks found on a department (about one of its cases or its
// work in general) and issue the findings to the department in a numbered letter; the department's
// coordinators (or its region admin) acknowledge the letter and report their rectification within
// RECTIFICATION_REPORT_WORKING_DAYS working days. Letters, findings and lateness count in the
// assessment (GET /api/stats/assessment).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { recordAudit } from '../../../db/audit.js';
import { createCalendarSource } from '../../../db/calendar.js';
import {
  attachFindings,
  concernedCases,
  findingsByIds,
  findingsOfLetters,
  findLetter,
  insertFinding,
  insertLetter,
  letterTimeline,
  listFindings,
  listLetters,
  nextLetterSeq,
  setLetterDocument,
  updateLetter,
  type LetterRow,
} from '../../../db/notice-letters.js';
import { findCaseFile } from '../../../db/files.js';
import { findDepartment, findRegion } from '../../../db/organisation.js';
import { regionCovers, type Principal, type Scope } from '../../../domain/access.js';
import type { WorkingDayCalendar } from '../../../domain/calendar/working-day-calendar.js';
import { shanghaiDate } from '../../../domain/case/local-time.js';
import { letterDocument } from '../../../domain/notice-letter-document.js';
import { defaultOffice, letterAnswerRefusal, letterNumber, RECTIFICATION_REPORT_WORKING_DAYS, rectificationDue, rectificationStanding } from '../../../domain/notice-letters.js';
import { found, HttpError, unprocessable } from '../../errors.js';
import { keepSystemDocument } from '../../files/ingest.js';
import { storageCall } from '../../files/storage-outage.js';
import { principalOf, resourceScope } from '../../plugins/access.js';
import { ErrorSchema, type Problem } from '../../schemas/common.js';
import {
  AcknowledgementSchema,
  FindingInputSchema,
  FindingQuerySchema,
  FindingSchema,
  LetterDetailSchema,
  LetterInputSchema,
  LetterParamsSchema,
  LetterQuerySchema,
  LetterSchema,
  RectificationInputSchema,
  type FindingInput,
  type LetterInput,
} from '../../schemas/notice-letters.js';

/** Who checks and issues: the 政务服务办's assessment staff. */
const issuers = ['auditor'] as const;
/** Who reads: the issuers, region admins, and the department's own coordinators. */
const readers = ['auditor', 'region_admin', 'coordinator'] as const;
/** Who answers a letter: the department's coordinators, or its region admin. */
const answerers = ['coordinator', 'region_admin'] as const;

/** A coordinator reads its own department only; auditors and region admins every department of their region. */
function ownDept(principal: Principal): string | undefined {
  return principal.roles.some((r) => r === 'auditor' || r === 'region_admin') ? undefined : principal.dept;
}

/** The scope of a list: the region asked for (else the caller's), and the department asked for (else a coordinator's own). */
function listScope(request: FastifyRequest): { region: string; dept: string | undefined } {
  const query = request.query as { region?: string; dept?: string };
  const principal = principalOf(request);
  return { region: query.region ?? principal.region, dept: query.dept ?? ownDept(principal) };
}

const asScope = ({ region, dept }: { region: string; dept: string | undefined }): Scope => (dept === undefined ? { region } : { region, dept });

const noticeLettersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const calendars = createCalendarSource(app.db);

  /** The department a body names: it must exist (422); its region is the request's scope. */
  async function bodyDepartment(request: FastifyRequest): Promise<Scope> {
    const { deptCode } = request.body as { deptCode: string };
    const dept = await findDepartment(app.db, deptCode);
    if (!dept) throw unprocessable([{ field: 'deptCode', rule: 'exists', message: `部门 ${deptCode} 不存在` }]);
    return { region: dept.region, dept: dept.code };
  }

  /** The letter the URL names, placed in its department: not found outside the caller's scope. */
  async function letterScope(request: FastifyRequest) {
    const { id } = request.params as { id: number };
    const what = `告知函 ${id} `;
    const letter = found(await findLetter(app.db, id), what);
    return resourceScope(what, { region: letter.region, dept: letter.deptCode });
  }

  /** A letter as the API answers it, with its standing against the due time. */
  const withStanding = (calendar: WorkingDayCalendar, letter: LetterRow, asOf: string) => {
    const standing = rectificationStanding(calendar, letter, asOf);
    return { ...letter, overdue: standing.overdue, rectifiedLate: standing.late, workingDaysLate: standing.workingDaysLate };
  };

  /** A letter with its findings, the cases they concern (no applicant) and its timeline (the audit rows). */
  async function letterDetail(letter: LetterRow) {
    const calendar = await calendars.current();
    const findings = await findingsOfLetters(app.db, [letter.id]);
    const caseNos = [...new Set(findings.flatMap((f) => (f.caseNo ? [f.caseNo] : [])))].sort();
    const byNo = await concernedCases(app.db, caseNos);
    const cases = caseNos.flatMap((caseNo) => {
      const c = byNo.get(caseNo);
      return c ? [{ caseNo, handlingItem: c.handlingItem, handlingItemName: c.handlingItemName, approvalDept: c.approvalDept, approvalDeptName: c.approvalDeptName }] : [];
    });
    const timeline = await letterTimeline(app.db, letter.id);
    return { ...withStanding(calendar, letter, new Date().toISOString()), findings, cases, timeline };
  }

  /** The letter as a printable HTML document, as it reads now. */
  async function renderDocument(letter: LetterRow): Promise<string> {
    const detail = await letterDetail(letter);
    const dept = await findDepartment(app.db, detail.deptCode);
    return letterDocument({
      number: detail.number,
      issuingOffice: detail.issuingOffice,
      deptName: dept?.name ?? detail.deptCode,
      issuedOn: detail.issuedOn,
      // The due instant is 24:00 of the last day: the day it ends.
      dueOn: shanghaiDate(new Date(Date.parse(detail.rectificationDueAt) - 1)),
      workingDays: detail.rectificationWorkingDays,
      note: detail.note,
      findings: detail.findings.map((f) => ({ description: f.description, caseNo: f.caseNo, foundOn: f.foundOn })),
      cases: detail.cases.map((c) => ({ caseNo: c.caseNo, handlingItem: c.handlingItemName ?? c.handlingItem, approvalDeptName: c.approvalDeptName })),
    });
  }

  /**
   * Keeps the letter's document as a file (kind notice-letter), so that it reads later exactly as
   * issued, whatever names change; answers the file's ID. Done at the issue, or at the first read
   * of a letter whose document could not be kept then (the store was away).
   */
  async function keepDocument(letter: LetterRow, actor: string): Promise<number> {
    const html = Buffer.from(await renderDocument(letter), 'utf8');
    const file = await keepSystemDocument(app, html, {
      kind: 'notice-letter',
      name: `${letter.number}.html`,
      contentType: 'text/html; charset=utf-8',
      region: letter.region,
      deptCode: letter.deptCode,
      addedBy: actor,
    });
    return setLetterDocument(app.db, letter.id, file.id);
  }

  /** What is wrong with a finding's references: its case must exist, concern the department and lie in the caller's region. */
  async function findingProblems(body: FindingInput, principal: Principal): Promise<Problem[]> {
    const problems: Problem[] = [];
    const today = shanghaiDate(new Date());
    if (body.foundOn !== undefined && body.foundOn > today) {
      problems.push({ field: 'foundOn', rule: 'past', message: `发现日期 ${body.foundOn} 晚于今天（${today}）` });
    }
    if (body.caseNo !== undefined) {
      const c = (await concernedCases(app.db, [body.caseNo])).get(body.caseNo);
      if (!c) problems.push({ field: 'caseNo', rule: 'exists', message: `办件 ${body.caseNo} 不存在` });
      else if (!regionCovers(principal.region, c.region)) problems.push({ field: 'caseNo', rule: 'exists', message: `办件 ${body.caseNo} 不存在` });
      else if (c.approvalDept !== body.deptCode && !c.supervisingDepts.includes(body.deptCode)) {
        problems.push({ field: 'caseNo', rule: 'department', message: `办件 ${body.caseNo} 既非部门 ${body.deptCode} 审批，也非其监管` });
      }
    }
    return problems;
  }

  app.post(
    '/findings',
    {
      config: { access: { roles: issuers, scope: bodyDepartment } },
      schema: {
        tags: ['assessment'],
        summary: 'Record a spot-check finding on a department (抽查发现问题, D 四 2)',
        description:
          'About one of its cases (`caseNo`: a case it approved or supervises, e.g. drawn by GET /api/stats/spot-sample with `sampleSeed`) or its linkage work in general. ' +
          'The department must exist (422) and lie in the auditor’s region (403). Audited.',
        body: FindingInputSchema,
        response: { 201: FindingSchema, 400: ErrorSchema, 403: ErrorSchema, 422: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { body } = request;
      const principal = principalOf(request);
      const problems = await findingProblems(body, principal);
      if (problems.length > 0) throw unprocessable(problems);
      const dept = (await findDepartment(app.db, body.deptCode))!;
      const saved = await app.db.transaction(async (tx) => {
        const row = await insertFinding(tx, {
          region: dept.region,
          deptCode: dept.code,
          caseNo: body.caseNo ?? null,
          sampleSeed: body.sampleSeed ?? null,
          description: body.description,
          foundOn: body.foundOn ?? shanghaiDate(new Date()),
          recordedBy: principal.sub,
        });
        await recordAudit(tx, {
          actor: principal.sub,
          action: 'spot-check-finding.recorded',
          entity: 'spot-check-finding',
          entityId: String(row.id),
          reason: body.reason,
          details: { deptCode: row.deptCode, caseNo: row.caseNo, foundOn: row.foundOn },
        });
        return row;
      });
      return reply.code(201).send(saved);
    },
  );

  app.get(
    '/findings',
    {
      config: { access: { roles: readers, scope: (request) => asScope(listScope(request)) } },
      schema: {
        tags: ['assessment'],
        summary: 'Spot-check findings of a region or department (抽查发现问题)',
        description: 'Oldest first; `unissued=true` keeps those not yet in a letter. A coordinator sees its own department only.',
        querystring: FindingQuerySchema,
        response: { 200: { type: 'array', items: FindingSchema }, 400: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (request) => listFindings(app.db, { ...listScope(request), unissued: request.query.unissued }),
  );

  /** What is wrong with the findings a letter names: each must exist, be the department's and in no letter yet. */
  async function letterProblems(body: LetterInput): Promise<Problem[]> {
    const findings = await findingsByIds(app.db, body.findingIds);
    return body.findingIds.flatMap((id, i): Problem[] => {
      const field = `findingIds/${i}`;
      const f = findings.get(id);
      if (!f) return [{ field, rule: 'exists', message: `抽查发现问题 ${id} 不存在` }];
      if (f.deptCode !== body.deptCode) return [{ field, rule: 'department', message: `抽查发现问题 ${id} 属于部门 ${f.deptCode}，不属于 ${body.deptCode}` }];
      if (f.letterId !== null) return [{ field, rule: 'unissued', message: `抽查发现问题 ${id} 已由告知函 ${f.letterId} 告知` }];
      return [];
    });
  }

  app.post(
    '/',
    {
      config: { access: { roles: issuers, scope: bodyDepartment } },
      schema: {
        tags: ['assessment'],
        summary: 'Issue a notice letter (告知函) to a department (D 四 2)',
        description:
          'Gathers findings of one department not yet reported under the next number of the region and year (e.g. 连政务办告〔2026〕3号; numbers are handed out one at a time, ' +
          `so concurrent issues never share one). The rectification report is due at the end of the ${RECTIFICATION_REPORT_WORKING_DAYS}th working day after the issue. ` +
          'A finding that is not the department’s, does not exist or is already in a letter: 422 naming it; one taken by a concurrent issue: 409. Audited.',
        body: LetterInputSchema,
        response: { 201: LetterDetailSchema, 400: ErrorSchema, 403: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { body } = request;
      const problems = await letterProblems(body);
      if (problems.length > 0) throw unprocessable(problems);
      const dept = (await findDepartment(app.db, body.deptCode))!;
      const region = await findRegion(app.db, dept.region);
      const office = defaultOffice(region?.name ?? dept.region);
      const issuingOffice = body.issuingOffice ?? office.issuingOffice;
      const prefix = body.numberPrefix ?? office.numberPrefix;
      const calendar = await calendars.current();
      const actor = principalOf(request).sub;
      const letter = await app.db.transaction(async (tx) => {
        const issuedAt = new Date().toISOString();
        const year = Number(shanghaiDate(issuedAt).slice(0, 4));
        // Locks the region's counter for the year until the commit (db/notice-letters.ts).
        const seq = await nextLetterSeq(tx, dept.region, year);
        const due = rectificationDue(calendar, issuedAt);
        const row = await insertLetter(tx, {
          region: dept.region,
          year,
          seq,
          number: letterNumber(prefix, year, seq),
          deptCode: dept.code,
          issuingOffice,
          note: body.note ?? '',
          issuedBy: actor,
          issuedAt,
          issuedOn: shanghaiDate(issuedAt),
          rectificationWorkingDays: RECTIFICATION_REPORT_WORKING_DAYS,
          rectificationDueAt: due.dueAt,
          dueProvisional: due.provisional,
        });
        const taken = await attachFindings(tx, row.id, body.findingIds);
        if (taken.length !== body.findingIds.length) {
          // Another letter took one meanwhile: nothing of this one stays (the transaction rolls back).
          const lost = body.findingIds.filter((id) => !taken.includes(id));
          throw new HttpError(409, 'conflict', `抽查发现问题 ${lost.join('、')} 已由另一份告知函告知，本函未印发`);
        }
        await recordAudit(tx, {
          actor,
          action: 'notice-letter.issued',
          entity: 'notice-letter',
          entityId: String(row.id),
          reason: body.reason,
          details: { number: row.number, deptCode: row.deptCode, findingIds: body.findingIds, rectificationDueAt: row.rectificationDueAt },
        });
        return row;
      });
      // Best effort: a letter whose document could not be kept now keeps it at its first read.
      await keepDocument(letter, actor).catch((error: unknown) => request.log.warn({ err: error, letterId: letter.id }, 'notice letter document not kept yet'));
      return reply.code(201).send(await letterDetail((await findLetter(app.db, letter.id))!));
    },
  );

  app.get(
    '/',
    {
      config: { access: { roles: readers, scope: (request) => asScope(listScope(request)) } },
      schema: {
        tags: ['assessment'],
        summary: 'Notice letters of a region or department (告知函)',
        description: 'By number; each with whether its rectification report is overdue or was late. A coordinator sees its own department only.',
        querystring: LetterQuerySchema,
        response: { 200: { type: 'array', items: LetterSchema }, 400: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (request) => {
      const { year, status, overdue } = request.query;
      const [rows, calendar] = await Promise.all([listLetters(app.db, { ...listScope(request), year, status }), calendars.current()]);
      const asOf = new Date().toISOString();
      const letters = rows.map((row) => withStanding(calendar, row, asOf));
      return overdue === undefined ? letters : letters.filter((l) => l.overdue === overdue);
    },
  );

  app.get(
    '/:id',
    {
      config: { access: { roles: readers, scope: letterScope } },
      schema: {
        tags: ['assessment'],
        summary: 'One notice letter with its findings, cases and timeline',
        params: LetterParamsSchema,
        response: { 200: LetterDetailSchema, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => letterDetail((await findLetter(app.db, request.params.id))!),
  );

  const htmlDocument = { description: 'The letter as a printable HTML document (中文)', content: { 'text/html': { schema: { type: 'string' } } } };

  app.get(
    '/:id/document',
    {
      config: { access: { roles: readers, scope: letterScope } },
      schema: {
        tags: ['assessment'],
        summary: 'The printable notice letter (告知函), HTML',
        description: 'Title, number, addressee, findings, cases concerned (number, handling item, approval department; no applicant), the rectification due date, issuing office and date.',
        produces: ['text/html'],
        params: LetterParamsSchema,
        response: { 200: htmlDocument, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const letter = (await findLetter(app.db, request.params.id))!;
      const fileId = letter.documentFileId ?? (await keepDocument(letter, principalOf(request).sub));
      const file = (await findCaseFile(app.db, fileId))!;
      const bytes = await storageCall('store', () => app.files.store.open(file.sha256));
      return reply.type(file.contentType).header('content-length', String(file.size)).send(bytes);
    },
  );

  /** Changes a letter in one transaction, locked, after checking its state; audited. */
  async function answer(request: FastifyRequest, change: (letter: LetterRow, now: string) => { set: Partial<LetterRow>; action: string; details: object }, reason: string) {
    const { id } = request.params as { id: number };
    const actor = principalOf(request).sub;
    const saved = await app.db.transaction(async (tx) => {
      const letter = found(await findLetter(tx, id, true), `告知函 ${id} `);
      const now = new Date().toISOString();
      const { set, action, details } = change(letter, now);
      const row = await updateLetter(tx, id, set);
      await recordAudit(tx, { actor, action, entity: 'notice-letter', entityId: String(id), reason, details: { number: letter.number, ...details } });
      return row;
    });
    return letterDetail(saved);
  }

  const conflict = (letter: LetterRow, message: string) => new HttpError(409, 'conflict', `告知函 ${letter.number} ${message}`, undefined, letter.status);

  app.post(
    '/:id/acknowledgement',
    {
      config: { access: { roles: answerers, scope: letterScope } },
      schema: {
        tags: ['assessment'],
        summary: 'Acknowledge a notice letter (签收告知函)',
        description: 'By a coordinator of the department the letter went to, or a region admin over it; once (409 after). Audited.',
        params: LetterParamsSchema,
        body: AcknowledgementSchema,
        response: { 200: LetterDetailSchema, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request) => {
      const actor = principalOf(request).sub;
      return answer(
        request,
        (letter, now) => {
          const refused = letterAnswerRefusal('acknowledge', letter.status);
          if (refused) throw conflict(letter, refused);
          return { set: { status: 'acknowledged', acknowledgedBy: actor, acknowledgedAt: now }, action: 'notice-letter.acknowledged', details: {} };
        },
        request.body.reason,
      );
    },
  );

  app.post(
    '/:id/rectification',
    {
      config: { access: { roles: answerers, scope: letterScope } },
      schema: {
        tags: ['assessment'],
        summary: 'Report the rectification of a notice letter (报送整改情况)',
        description:
          `Due at the end of the ${RECTIFICATION_REPORT_WORKING_DAYS}th working day after the issue; a later report is accepted and counted late. ` +
          'The letter must be acknowledged first (409), and is reported once (409 after). Audited.',
        params: LetterParamsSchema,
        body: RectificationInputSchema,
        response: { 200: LetterDetailSchema, 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request) => {
      const actor = principalOf(request).sub;
      return answer(
        request,
        (letter, now) => {
          const refused = letterAnswerRefusal('reportRectification', letter.status);
          if (refused) throw conflict(letter, refused);
          return {
            set: { status: 'rectified', rectificationReport: request.body.report, rectifiedBy: actor, rectifiedAt: now },
            action: 'notice-letter.rectification-reported',
            details: { late: now > letter.rectificationDueAt },
          };
        },
        request.body.reason,
      );
    },
  );
};

export default noticeLettersRoutes;
