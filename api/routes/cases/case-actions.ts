// The plumbing every case and task action shares: load the case from the read model (404), check
// the caller's scope, pre-check the action with the workflow's own rule (409 with the stage and the
// reason), then send the update and answer the case as it stands after it. Reads and refusals need
// no worker; only the action itself does.
import { WorkflowNotFoundError, type UpdateDefinition } from '@temporalio/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { findDepartment } from '../../../db/organisation.js';
import { readCaseView } from '../../../db/read-model.js';
import type { Principal, Role, Scope } from '../../../domain/access.js';
import type { WithdrawalInput } from '../../../domain/case/actions.js';
import { maskedView } from '../../../domain/case/masked-view.js';
import { caseNoOfTask, type SupervisionTask } from '../../../domain/case/task.js';
import { findTask, type CaseView } from '../../../domain/case/state.js';
import { caseWorkflowId } from '../../../workflows/case-id.js';
import { getCaseQuery } from '../../../workflows/messages.js';
import { found, HttpError, notFoundMessage } from '../../errors.js';
import { outageOf, PROBE_MS, temporalCall, withinMs } from '../../outages.js';
import { resourceScope, type ResourceScope, type RoleScope } from '../../plugins/access.js';
import { idempotencyKey, priorOutcome } from './idempotency.js';

/** Where a case's state was read: the read model (the revision it holds) or the workflow itself, and the instant it reflects. */
export interface CaseRead {
  source: 'read-model' | 'workflow';
  revision?: number;
  asOf: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The case the route's scope check loaded, so the handler does not read it twice. */
    caseView?: CaseView;
    /** Where caseView was read. */
    caseRead?: CaseRead;
  }
}

/** How a case is named in a 404. */
const caseWhat = (caseNo: string) => `办件 ${caseNo} `;

/** The case as its workflow holds it now: a query, under the short RPC deadline (a worker answers it). */
async function queryCase(app: FastifyInstance, caseNo: string): Promise<CaseView> {
  try {
    return await temporalCall(app, () => app.temporal.client.workflow.getHandle(caseWorkflowId(caseNo)).query(getCaseQuery));
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw new HttpError(404, 'not_found', notFoundMessage(caseWhat(caseNo)));
    throw error;
  }
}

/**
 * Loads a case's state by its number into the request; 404 when there is no such case. From the
 * read model unless `fresh` asks the workflow itself; the workflow also answers a case the read
 * model holds no current view of (started before it kept views, or whose view could not be written).
 */
export async function loadCase(app: FastifyInstance, request: FastifyRequest, caseNo: string, { fresh = false } = {}): Promise<CaseView> {
  const stored = fresh ? undefined : await readCaseView(app.db, caseNo);
  if (stored) {
    request.caseRead = { source: 'read-model', revision: stored.revision, asOf: stored.asOf };
    return (request.caseView = stored.view);
  }
  const view = await queryCase(app, caseNo);
  request.caseRead = { source: 'workflow', asOf: new Date().toISOString() };
  return (request.caseView = view);
}

/** Where a case belongs, as its approval department sees it. */
export function approvalScope(view: CaseView): Scope {
  return { region: view.input.region, dept: view.input.approvalDept };
}

/** The case as its approval department acts on it: out of that scope it is not found. */
export async function approvalCase(app: FastifyInstance, request: FastifyRequest): Promise<ResourceScope> {
  const { caseNo } = request.params as { caseNo: string };
  return resourceScope(caseWhat(caseNo), approvalScope(await loadCase(app, request, caseNo)));
}

/** Who reads a case for its approval department, and who for a department supervising it. */
const approvalReaders: readonly Role[] = ['approval_officer', 'coordinator', 'auditor', 'region_admin'];
const supervisingReaders: readonly Role[] = ['division_admin', 'coordinator', 'auditor', 'region_admin'];

/**
 * The case as it may be read: by its approval department (not its division admins) and by every
 * department and division that supervises it (Dongli 一(一)1: the supervising side reads the
 * materials and the result; not its approval officers), and by the auditors and region admins
 * above either.
 */
export async function readableCase(app: FastifyInstance, request: FastifyRequest, { fresh = false } = {}): Promise<ResourceScope> {
  return readableCaseOf(app, request, (request.params as { caseNo: string }).caseNo, { fresh });
}

/** readableCase for a case named otherwise than by the URL (a file's case); `extra` scopes add readers of its own. */
export async function readableCaseOf(app: FastifyInstance, request: FastifyRequest, caseNo: string, { fresh = false } = {}, ...extra: RoleScope[]): Promise<ResourceScope> {
  const view = await loadCase(app, request, caseNo, { fresh });
  // Each side reads with its own roles: a division admin only what its division supervises, even
  // in the approving department; an approval officer only its own department's approvals.
  const supervising = await Promise.all(view.tasks.map(async (task) => ({ ...(await supervisingScope(app, task, view)), roles: supervisingReaders })));
  return resourceScope(caseWhat(caseNo), { ...approvalScope(view), roles: approvalReaders }, ...supervising, ...extra);
}

/**
 * The case as it may be withdrawn: by its approval department's officers, and a spot check
 * (双随机, L12) by the coordinators of the department that drew it; anyone else finds no case.
 */
export async function withdrawableCase(app: FastifyInstance, request: FastifyRequest): Promise<ResourceScope> {
  const { caseNo } = request.params as { caseNo: string };
  const view = await loadCase(app, request, caseNo);
  const scopes: RoleScope[] = [{ ...approvalScope(view), roles: ['approval_officer'] }];
  const drawing = view.input.spotCheck?.target.supervisingDeptCode;
  if (drawing) {
    const department = await findDepartment(app.db, drawing);
    scopes.push({ region: department?.region ?? view.input.region, dept: drawing, roles: ['coordinator'] });
  }
  return resourceScope(caseWhat(caseNo), ...scopes);
}

/** Which side a caller who passed withdrawableCase withdraws for. */
export function withdrawingSide(principal: Principal, view: CaseView): NonNullable<WithdrawalInput['side']> {
  const drawing = view.input.spotCheck?.target.supervisingDeptCode;
  return drawing && principal.roles.includes('coordinator') && (principal.dept === undefined || principal.dept === drawing) ? 'drawing' : 'approval';
}

/** Where a task belongs: its supervising department and division, in that department's region. */
async function supervisingScope(app: FastifyInstance, task: SupervisionTask, view: CaseView): Promise<Scope> {
  const supervising = await findDepartment(app.db, task.supervisingDeptCode);
  return { region: supervising?.region ?? view.input.region, dept: task.supervisingDeptCode, division: task.divisionCode };
}

/**
 * Loads the case of a task and answers the task's scope: its supervising department and division,
 * in that department's region. 属地监管: a city's approval is often supervised by a district
 * division, whose people act in the district, not in the city that approved.
 */
export async function loadTaskScope(app: FastifyInstance, request: FastifyRequest, taskId: string): Promise<ResourceScope> {
  const what = `任务 ${taskId} `;
  const caseNo = caseNoOfTask(taskId);
  if (!caseNo) throw new HttpError(404, 'not_found', notFoundMessage(what));
  let view: CaseView;
  try {
    view = await loadCase(app, request, caseNo);
  } catch (error) {
    // The task's case number is part of its ID: a missing case is a missing task.
    if (error instanceof HttpError && error.statusCode === 404) throw new HttpError(404, 'not_found', notFoundMessage(what));
    throw error;
  }
  const task = found(findTask(view, taskId), what) as SupervisionTask;
  return resourceScope(what, await supervisingScope(app, task, view));
}

/** Refuses an action the case's current state does not allow, the way the workflow would. */
export function precheck(view: CaseView, refusal: string | undefined): void {
  if (refusal) throw new HttpError(409, 'refused', refusal, undefined, view.stage);
}

/**
 * Takes an action on a case and answers the case as it stands after it. The action is pre-checked
 * with the workflow's own rule (`refusal`) on the case as loaded, and sent with the request's
 * Idempotency-Key (if any) as its update ID, which the server applies once, waiting at most
 * ACTION_WAIT_MS. A refusal is confirmed before it is answered (409): a key the case has seen
 * answers that action's outcome instead, and a read model one change behind yields to the
 * workflow's own state, unless the workflow cannot answer now.
 */
export async function act<I>(
  app: FastifyInstance,
  request: FastifyRequest,
  caseNo: string,
  update: UpdateDefinition<CaseView, [I]>,
  input: I,
  refusal: (view: CaseView) => string | undefined,
): Promise<CaseView> {
  const key = idempotencyKey(request);
  let view = request.caseView!;
  let refused = refusal(view);
  if (refused) {
    const prior = key === undefined ? undefined : await priorOutcome(app, caseNo, key);
    if (prior) return prior;
    if (request.caseRead?.source === 'read-model') {
      try {
        view = await queryCase(app, caseNo);
        refused = refusal(view);
      } catch (error) {
        if (!outageOf(error)) throw error;
      }
    }
  }
  precheck(view, refused);
  return sendAction(app, caseNo, update, input, key);
}

/**
 * Sends an action to the case under its update ID (if any) and answers its state after it (the
 * phone masked). ACTION_WAIT_MS bounds the whole answer: past the wait, the probes that name the
 * part that is down get the rest.
 */
export async function sendAction<I>(app: FastifyInstance, caseNo: string, update: UpdateDefinition<CaseView, [I]>, input: I, updateId?: string): Promise<CaseView> {
  const handle = app.temporal.client.workflow.getHandle(caseWorkflowId(caseNo));
  const waitMs = Math.max(app.temporal.actionWaitMs - PROBE_MS, PROBE_MS);
  return maskedView(await withinMs(app.temporal.client, waitMs, () => handle.executeUpdate(update, { args: [input], ...(updateId ? { updateId } : {}) })));
}
