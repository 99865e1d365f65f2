// What a record from another system raises when it arrives (L13), by its source's rules: a
// supervision task for the responsible division — a spot-check case started from the API process,
// the way the sampling run starts its cases — or a problem record for its department's coordinators. A record with nothing to raise
// keeps `none`; one whose raise could not be made for want of a division keeps `none` with the
// reason; one whose start failed (Temporal away) stays `pending`, and the next arrival of the same
// record (the source's retry, a re-imported file) tries again. The case number is the business
// key `EX-<source>-<record id>`, so a retried record never starts two cases.
import type { FastifyInstance } from 'fastify';
import { recordAudit, type DbOrTx } from '../db/audit.js';
import { caseInputDigest, claimCaseNumber, confirmCaseNumber, findCaseNumber } from '../db/case-numbers.js';
import { latestTaskWithin, setRecordRaised, type ExternalRecordRow, type ExternalSourceRow, type ResponsibleTask } from '../db/external-records.js';
import { findDepartment } from '../db/organisation.js';
import { insertProblem, problemRef } from '../db/problems.js';
import { assignedLevel } from '../domain/problems.js';
import { tellProblemWorkflow } from './problem-clock.js';
import { startClaimedCase } from './routes/cases/start-claimed.js';
import type { CaseInput } from '../domain/case.js';
import { externalCaseNo, externalKindNames, ruleFor, type ExternalKind } from '../domain/external-records.js';
import { shanghaiMonth } from '../domain/sampling.js';
import { caseWorkflowId } from '../workflows/case-id.js';

/** The audit entity of a record. */
export const RECORD_ENTITY = 'external-record';

/** Who starts the cases records raise, as the case timeline shows it. */
export const externalStarter = (source: string) => `external:${source}`;

/** The audit entity ID of a record. */
export const recordEntityId = (record: Pick<ExternalRecordRow, 'source' | 'recordId'>) => `${record.source}/${record.recordId}`;

/**
 * A record whose kind raises a problem record (问题线索, Dongli 二 3): for the supervising
 * department of the enterprise's responsible task, raised as a level-2 coordinator would (so held
 * by level 1), in the record's transaction; its escalation clock is started after the commit.
 */
async function raiseProblem(db: DbOrTx, source: ExternalSourceRow, record: ExternalRecordRow, task: ResponsibleTask): Promise<{ record: ExternalRecordRow; problemId: number }> {
  const department = await findDepartment(db, task.supervisingDept);
  const kindName = externalKindNames[record.kind as ExternalKind] ?? record.kind;
  const raisedBy = externalStarter(source.code);
  const problem = await insertProblem(
    db,
    {
      region: department?.region ?? task.region,
      deptCode: task.supervisingDept,
      counterpartDept: null,
      subjectKind: 'general',
      subjectCode: null,
      caseNo: null,
      description: `${source.name}${kindName}（${record.recordId}，${record.occurredOn}，统一社会信用代码 ${record.creditCode}）：${record.title}`.slice(0, 4000),
      level: assignedLevel(2),
      raisedBy,
      raisedLevel: 2,
      idempotencyKey: `external:${source.code}:${record.recordId}`,
    },
    [],
  );
  await recordAudit(db, {
    actor: raisedBy,
    action: 'external-record.problem-raised',
    entity: RECORD_ENTITY,
    entityId: recordEntityId(record),
    details: { problem: problemRef(problem.id), deptCode: task.supervisingDept },
  });
  const raised = await setRecordRaised(db, record.id, 'problem', problemRef(problem.id), `已向 ${task.supervisingDept} 协调员提出问题记录 ${problemRef(problem.id)}`);
  return { record: raised, problemId: problem.id };
}

/** The spot-check case a record raises for the division of the enterprise's latest task. */
export function externalCaseInput(source: ExternalSourceRow, record: ExternalRecordRow, task: ResponsibleTask): CaseInput {
  const kindName = externalKindNames[record.kind as ExternalKind] ?? record.kind;
  return {
    caseNo: externalCaseNo(source.code, record.recordId),
    region: task.region,
    approvalDept: task.approvalDept,
    approvalItem: task.approvalItem,
    handlingItem: task.handlingItem,
    // The read model keeps no phone; the check contacts no applicant.
    applicant: { name: task.applicantName || record.creditCode, creditCode: record.creditCode, phone: '' },
    mode: 'spotCheck',
    // From when the record arrived: the same record always builds the same input.
    decidedAt: record.receivedAt,
    opinion: `${source.name}${kindName}（${record.recordId}，${record.occurredOn}）：${record.title}`.slice(0, 2000),
    materials: [],
    spotCheck: {
      month: shanghaiMonth(new Date(record.receivedAt)),
      target: { supervisingDeptCode: task.supervisingDept, divisionCode: task.divisionCode, subItemCode: task.subItemCode, revision: task.revision },
      // The division assigns its inspectors: no draw made them.
      inspectors: [],
      seed: `external:${source.code}:${record.recordId}`,
    },
  };
}

/** Starts the case unless its number holds it already; false when the number holds another case. */
async function startExternalCase(app: FastifyInstance, input: CaseInput, startedBy: string): Promise<boolean> {
  const claim = { caseNo: input.caseNo, inputDigest: caseInputDigest(input), startedBy, workflowId: caseWorkflowId(input.caseNo) };
  const taken = await findCaseNumber(app.db, input.caseNo);
  if (taken?.workflowStarted) return taken.inputDigest === claim.inputDigest;
  const { claimed, row } = await claimCaseNumber(app.db, claim);
  if (!claimed && row.inputDigest !== claim.inputDigest) return false;
  if (!claimed && row.workflowStarted) return true;
  // Started already: the same record built it (the number is its business key), as a retry does.
  if (!(await startClaimedCase(app, input, claim))) await confirmCaseNumber(app.db, claim);
  return true;
}

/**
 * Makes what a stored record raises, unless it raised already (`pending` only is tried), and
 * answers the record as it then stands. Throws when Temporal is away: the record stays pending.
 */
export async function raiseForRecord(app: FastifyInstance, source: ExternalSourceRow, record: ExternalRecordRow): Promise<ExternalRecordRow> {
  if (record.raised !== 'pending') return record;
  const rule = ruleFor(source.rules, record.kind);
  if (!rule) return setRecordRaised(app.db, record.id, 'none', null, null);
  const task = await latestTaskWithin(app.db, record.creditCode, source.region, rule.taskModes);
  if (!task) {
    const modes = rule.taskModes && rule.taskModes.length > 0 ? `（${rule.taskModes.join('、')}）` : '';
    const what = rule.raises === 'problem' ? '未提出问题记录' : '未下达任务';
    return setRecordRaised(app.db, record.id, 'none', null, `无负责处室：该企业在 ${source.region} 内没有监管任务${modes}，${what}`);
  }
  if (rule.raises === 'problem') {
    const raised = await app.db.transaction((tx) => raiseProblem(tx, source, record, task));
    // The problem stands either way; a clock Temporal could not start now starts with the problem's next step.
    await tellProblemWorkflow(app, raised.problemId).catch((error: unknown) => app.log.warn({ err: error, problem: problemRef(raised.problemId) }, 'problem clock not started'));
    return raised.record;
  }
  const input = externalCaseInput(source, record, task);
  const starter = externalStarter(source.code);
  if (!(await startExternalCase(app, input, starter))) {
    return setRecordRaised(app.db, record.id, 'none', null, `办件编号 ${input.caseNo} 已被另一办件使用，未下达任务`);
  }
  return app.db.transaction(async (tx) => {
    await recordAudit(tx, {
      actor: starter,
      action: 'external-record.task-raised',
      entity: RECORD_ENTITY,
      entityId: recordEntityId(record),
      details: { caseNo: input.caseNo, supervisingDept: task.supervisingDept, divisionCode: task.divisionCode },
    });
    return setRecordRaised(tx, record.id, 'task', input.caseNo, `已向 ${task.supervisingDept}/${task.divisionCode} 下达核查任务`);
  });
}
