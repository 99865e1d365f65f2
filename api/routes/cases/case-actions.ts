// The plumbing every case and task action shares: load the case (404), check the caller's scope,
// pre-check the action with the workflow's own rule (409 with the stage and the reason), then
// send the update and answer the case as it stands after it.
import type { UpdateDefinition } from '@temporalio/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { findDepartment } from '../../../db/organisation.js';
import type { Scope } from '../../../domain/access.js';
import { caseNoOfTask, type SupervisionTask } from '../../../domain/case/task.js';
import { findTask, type CaseView } from '../../../domain/case/state.js';
import { caseWorkflowId } from '../../../workflows/case-id.js';
import { getCaseQuery } from '../../../workflows/messages.js';
import { found, HttpError } from '../../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The case the route's scope check loaded, so the handler does not query it twice. */
    caseView?: CaseView;
  }
}

/** Loads a case's state by its number into the request; 404 when there is no such case. */
export async function loadCase(app: FastifyInstance, request: FastifyRequest, caseNo: string): Promise<CaseView> {
  request.caseView = await app.temporal.client.workflow.getHandle(caseWorkflowId(caseNo)).query(getCaseQuery);
  return request.caseView;
}

/** Where a case belongs, as its approval department sees it. */
export function approvalScope(view: CaseView): Scope {
  return { region: view.input.region, dept: view.input.approvalDept };
}

/**
 * Loads the case of a task and answers the task's scope: its supervising department and division,
 * in that department's region. 属地监管: a city's approval is often supervised by a district
 * division, whose people act in the district, not in the city that approved.
 */
export async function loadTaskScope(app: FastifyInstance, request: FastifyRequest, taskId: string): Promise<Scope> {
  const caseNo = caseNoOfTask(taskId);
  if (!caseNo) throw new HttpError(404, 'not_found', `任务编号 ${taskId} 无效`);
  const task = found(findTask(await loadCase(app, request, caseNo), taskId), `任务 ${taskId} `) as SupervisionTask;
  const supervising = await findDepartment(app.db, task.supervisingDeptCode);
  return { region: supervising?.region ?? request.caseView!.input.region, dept: task.supervisingDeptCode, division: task.divisionCode };
}

/** Refuses an action the case's current state does not allow, the way the workflow would. */
export function precheck(view: CaseView, refusal: string | undefined): void {
  if (refusal) throw new HttpError(409, 'refused', refusal, undefined, view.stage);
}

/** Sends an action to the case and answers its state after it. */
export async function sendAction<I>(app: FastifyInstance, caseNo: string, update: UpdateDefinition<CaseView, [I]>, input: I): Promise<CaseView> {
  return app.temporal.client.workflow.getHandle(caseWorkflowId(caseNo)).executeUpdate(update, { args: [input] });
}
