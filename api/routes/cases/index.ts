// /api/cases: the approval platform starts a case; anyone allowed reads its state, or lists cases (list.ts).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { WorkflowNotFoundError } from '@temporalio/common';
import { caseInputDigest, claimCaseNumber, findCaseNumber, recordStartedCaseNumber, takeOverCaseNumber } from '../../../db/case-numbers.js';
import { caseCatalogueProblems, caseDepartmentProblems, casePolicyProblems, caseShapeProblems, type HandedOverCase, type StartProblem } from '../../../domain/case/start-rules.js';
import { shanghaiDate } from '../../../domain/case/local-time.js';
import { pinPolicy } from '../../../db/policies.js';
import type { FastifyRequest } from 'fastify';
import { findDepartment, type DepartmentRow } from '../../../db/organisation.js';
import { maskedView } from '../../../domain/case/masked-view.js';
import { creditStanding } from '../../../db/credit.js';
import { resolveLinkage } from '../../../db/linkages.js';
import { caseWorkflowId } from '../../../workflows/case-id.js';
import { HttpError, unprocessable } from '../../errors.js';
import { temporalCall } from '../../outages.js';
import { principalOf } from '../../plugins/access.js';
import { CaseReadQuerySchema, CaseReadSchema, type CaseReadQuery } from '../../schemas/case-view.js';
import { CaseParamsSchema, CaseStartSchema, CaseStartedSchema } from '../../schemas/cases.js';
import { ErrorSchema } from '../../schemas/common.js';
import caseActionsRoutes from './actions.js';
import caseListRoutes from './list.js';
import { readableCase } from './case-actions.js';
import { startedCase } from './started-case.js';
import { startClaimedCase } from './start-claimed.js';
import { logCaseNo } from '../../plugins/request-log.js';
import { resolveArchive } from '../../files/archive.js';

/** Start problems named as body fields, like validation answers. */
const bodyProblems = (problems: StartProblem[]) => problems.map((p) => ({ ...p, field: `body${p.field}` }));

/** The approval department of a start, as its scope check found it: the handler needs it again. */
const startingDepartments = new WeakMap<FastifyRequest, DepartmentRow | undefined>();

const casesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(caseActionsRoutes);
  await app.register(caseListRoutes);

  /** A different case under a number in use. */
  const numberTaken = (caseNo: string) => new HttpError(409, 'conflict', `办件编号 ${caseNo} 已被另一份不同内容的办件使用，未重复创建`);

  /** True when no workflow was ever started under this ID (or retention has deleted it). */
  async function noWorkflow(workflowId: string): Promise<boolean> {
    try {
      await temporalCall(app, () => app.temporal.client.workflow.getHandle(workflowId).describe());
      return false;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return true;
      throw error;
    }
  }
  const caseUiUrl = (workflowId: string) =>
    `${app.temporal.uiUrl}/namespaces/${encodeURIComponent(app.temporal.client.options.namespace)}/workflows/${encodeURIComponent(workflowId)}`;

  app.post(
    '/',
    {
      // The approval department's officers, or the approval platform's service account (no dept),
      // for a department looked up in the organisation: the body's codes are not trusted.
      config: {
        access: {
          roles: ['approval_officer'],
          scope: async (request) => {
            const input = request.body as HandedOverCase;
            const department = await findDepartment(app.db, input.approvalDept);
            startingDepartments.set(request, department);
            const problems = caseDepartmentProblems(input, department);
            // An unknown department cannot be placed: refused as the body's mistake.
            if (!department) throw unprocessable(bodyProblems(problems));
            return { region: department.region, dept: department.code };
          },
        },
      },
      schema: {
        tags: ['cases'],
        summary: 'Start a case (办件推送)',
        description: 'Idempotent on caseNo: the same payload again answers 200 with the existing case; a different one 409.',
        body: CaseStartSchema,
        response: { 201: CaseStartedSchema, 200: CaseStartedSchema, 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema },
      },
    },
    async (request, reply) => {
      // The case holds its archive by kind and hash; where the files came from is the files' record.
      const { archive: archiveRefs, ...handedOver } = request.body;
      const input: HandedOverCase = { ...handedOver, ...(archiveRefs?.length ? { archive: archiveRefs.map(({ kind, sha256 }) => ({ kind, sha256 })) } : {}) };
      logCaseNo(request, input.caseNo);
      const workflowId = caseWorkflowId(input.caseNo);
      const claim = { caseNo: input.caseNo, inputDigest: caseInputDigest(input), startedBy: principalOf(request).sub, workflowId };
      const existing = () => reply.status(200).send({ caseNo: input.caseNo, workflowId, created: false, temporalUiUrl: caseUiUrl(workflowId) });
      // A case number names one case for ever, and the case_numbers table is the authority on
      // it (Temporal forgets a closed workflow after retention): a started number is answered
      // from the table alone, with no call to Temporal.
      // Looked up together: each is a round trip, and the start waits for all of them.
      const [taken, entry, { dishonest }, policy] = await Promise.all([
        findCaseNumber(app.db, input.caseNo),
        resolveLinkage(app.db, input.handlingItem),
        creditStanding(app.db, input.applicant.creditCode, new Date().toISOString()),
        // The policy the case will pin (at its decision): the modes the region runs.
        pinPolicy(app.db, input.region, shanghaiDate(input.decidedAt)),
      ]);
      if (taken?.workflowStarted) {
        if (taken.inputDigest === claim.inputDigest) return existing();
        throw numberTaken(input.caseNo);
      }

      const shape = caseShapeProblems(input, new Date().toISOString());
      if (shape.length > 0) throw new HttpError(400, 'validation', shape.map((p) => p.message).join('；'), bodyProblems(shape));
      const problems = [
        ...caseDepartmentProblems(input, startingDepartments.get(request)),
        ...caseCatalogueProblems(input, entry, dishonest),
        ...casePolicyProblems(input, policy.rules, input.region),
      ];
      if (problems.length > 0) throw unprocessable(bodyProblems(problems));
      const archiveFileIds = await resolveArchive(app, { caseNo: input.caseNo, department: startingDepartments.get(request)!, addedBy: claim.startedBy }, archiveRefs);

      const { claimed, row } = await claimCaseNumber(app.db, claim);
      if (!claimed) {
        if (row.inputDigest !== claim.inputDigest) {
          // Held by another input whose start is under way or died before reaching Temporal: the
          // number is taken once its workflow exists; until then the first to take it over starts.
          if (row.workflowStarted || !(await noWorkflow(workflowId)) || !(await takeOverCaseNumber(app.db, row, claim))) throw numberTaken(input.caseNo);
        } else if (row.workflowStarted) {
          return existing();
        }
        // The same input, not started yet (a concurrent start, or one that died): starting again
        // is safe, Temporal keeps one workflow per ID and the loser answers 200 below.
      }

      if (!(await startClaimedCase(app, input, claim, archiveFileIds))) {
        // Started by a concurrent identical request, or before the table existed: the workflow's
        // own start event says which case holds the number, and the table learns it.
        const started = await temporalCall(app, () => startedCase(app.temporal.client, workflowId));
        const startedDigest = caseInputDigest(started.input);
        await recordStartedCaseNumber(app.db, { caseNo: input.caseNo, workflowId, inputDigest: startedDigest, startedBy: started.startedBy, startedAt: started.startedAt });
        if (startedDigest === claim.inputDigest) return existing();
        throw numberTaken(input.caseNo);
      }
      app.metrics.caseStarted(input.mode);
      return reply.status(201).send({ caseNo: input.caseNo, workflowId, created: true, temporalUiUrl: caseUiUrl(workflowId) });
    },
  );

  app.get(
    '/:caseNo',
    {
      config: {
        access: {
          roles: ['approval_officer', 'division_admin', 'coordinator', 'auditor', 'region_admin'],
          scope: (request) => readableCase(app, request, { fresh: (request.query as CaseReadQuery).fresh }),
        },
      },
      schema: {
        tags: ['cases'],
        summary: 'The state of a case',
        description:
          'Readable by the approval department (its division admins only where their division supervises the case) and by every department and division supervising the case, and by auditors and region admins above them; any other caller gets 404. ' +
          'Answered from the read model (no worker needed), with the revision and the instant it reflects; `fresh=true` asks the workflow. The applicant’s phone is masked.',
        params: CaseParamsSchema,
        querystring: CaseReadQuerySchema,
        response: { 200: CaseReadSchema, 404: ErrorSchema },
      },
    },
    async (request) => ({ ...maskedView(request.caseView!), ...request.caseRead! }),
  );
};

export default casesRoutes;
