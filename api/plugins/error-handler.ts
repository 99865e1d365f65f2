// One error handler for the whole API: validation → 400 naming each field and rule, domain and
// Temporal errors → their status, a part that is down → 503 naming it, anything else → 500
// without internals.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { redactDatabaseError } from '../../db/query-errors.js';
import { HttpError } from '../errors.js';
import { isActionTimeout, outageOf, partBehindTimeout, partNames, PROBE_MS, RETRY_AFTER_SECONDS, type Part } from '../outages.js';
import { idempotencyKey } from '../routes/cases/idempotency.js';
import type { ErrorBody, Problem } from '../schemas/common.js';

interface AjvIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** Turns ajv's issues into problems that name the field (a missing property names itself). */
function problemsOf(issues: AjvIssue[], part: string): Problem[] {
  return issues.map((issue) => {
    const missing = issue.keyword === 'required' ? `/${String(issue.params.missingProperty)}` : '';
    const extra = issue.keyword === 'additionalProperties' ? `/${String(issue.params.additionalProperty)}` : '';
    return {
      field: `${part}${issue.instancePath}${missing}${extra}`,
      rule: issue.keyword,
      message: issue.message ?? issue.keyword,
    };
  });
}

/**
 * A constraint the database refused (both drivers carry the SQLSTATE, possibly wrapped by drizzle):
 * a safety net — handlers check what they can first and say it better.
 */
function databaseConflict(error: unknown): string | undefined {
  const code = (error as { code?: unknown }).code ?? (error as { cause?: { code?: unknown } }).cause?.code;
  if (code === '23505') return '记录已存在（编码重复）';
  if (code === '23503') return '引用的记录不存在，或记录仍被其他数据引用';
  return undefined;
}

/**
 * The 503 for an error that says a part is down, or undefined. A Temporal call that ran out of time
 * asks Temporal and the task queue which part it was: Temporal, or no worker polling.
 */
async function outageAnswer(app: FastifyInstance, request: FastifyRequest, error: unknown): Promise<ErrorBody | undefined> {
  const outage = outageOf(error);
  if (!outage) return undefined;
  const { client, taskQueue, actionWaitMs } = app.temporal;
  const part: Part | undefined = outage === 'timeout' ? await partBehindTimeout(client, taskQueue, PROBE_MS) : outage;
  const down = part ? `${partNames[part]}暂时不可用` : `${partNames.temporal}或${partNames.worker}未及时响应`;
  // An action sent with a key is safe to send again: the case applies it once.
  const retry =
    idempotencyKey(request) === undefined
      ? '请求未携带 Idempotency-Key，请稍后查看办件状态再决定是否重试'
      : '使用相同的 Idempotency-Key 重试是安全的，不会重复执行；也可稍后查询该操作的结果';
  const message = isActionTimeout(error) ? `${down}：操作已提交，但 ${actionWaitMs / 1000} 秒内未确认生效，稍后可能仍会生效；${retry}` : `${down}，请稍后重试`;
  return { statusCode: 503, error: `${part ?? 'temporal'}_unavailable`, message };
}

/** Installs the error handler (the not-found handler is api/plugins/not-found.ts). */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    let body: ErrorBody;
    const outage = await outageAnswer(app, request, error);
    if (outage) {
      // Not an error of this process: logged as a warning, answered with when to ask again.
      request.log.warn({ err: redactDatabaseError(error), answered: outage.error }, 'a part the request needs is down');
      void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      body = outage;
    } else if (error.validation) {
      const problems = problemsOf(error.validation as AjvIssue[], error.validationContext ?? 'body');
      const fields = [...new Set(problems.map((p) => p.field))].join('、');
      body = { statusCode: 400, error: 'validation', message: `请求不符合要求：${fields}`, problems };
    } else if (error instanceof HttpError) {
      body = {
        statusCode: error.statusCode,
        error: error.kind,
        message: error.message,
        ...(error.problems ? { problems: error.problems } : {}),
        ...(error.stage ? { stage: error.stage } : {}),
      };
    } else if (databaseConflict(error)) {
      body = { statusCode: 409, error: 'conflict', message: databaseConflict(error)! };
    } else if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && error.cause.type === 'ActionRefused') {
      // The workflow's validator refused: the same rule as the API's pre-check, on the case as it is
      // (the read model the pre-check saw may be a change behind). Its detail is the stage.
      const [stage] = error.cause.details ?? [];
      body = { statusCode: 409, error: 'refused', message: error.cause.message, ...(typeof stage === 'string' ? { stage } : {}) };
    } else if (error instanceof WorkflowNotFoundError) {
      body = { statusCode: 404, error: 'not_found', message: '未找到该案件' };
    } else if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      body = { statusCode: 413, error: 'too_large', message: '请求体过大，超过该接口的上限' };
    } else if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      body = { statusCode: 415, error: 'unsupported_media_type', message: `不支持该请求体类型：${request.headers['content-type'] ?? '未声明'}` };
    } else if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      body = { statusCode: error.statusCode, error: error.code ?? 'bad_request', message: error.message };
    } else {
      // Whatever logger the app was given: a database error's values never reach the log.
      request.log.error({ err: redactDatabaseError(error) }, 'request failed');
      body = { statusCode: 500, error: 'internal', message: '服务器内部错误，请稍后重试或联系运维' };
    }
    return reply.status(body.statusCode).send(body);
  });
}

/**
 * Fastify's refusals before any route is found, in the same error body: a URL that does not
 * decode (400), a path parameter longer than the router's 100 characters (414).
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const body: ErrorBody =
    error.statusCode === 414
      ? { statusCode: 414, error: 'uri_too_long', message: '请求地址中的参数过长（每段不超过 100 个字符）' }
      : error.statusCode === 400
        ? { statusCode: 400, error: 'bad_url', message: '请求地址无法解析（URL 编码有误）' }
        : { statusCode: 500, error: 'internal', message: '服务器内部错误，请稍后重试或联系运维' };
  if (body.statusCode === 500) reply.log.error({ err: error }, 'request failed before routing');
  void reply.status(body.statusCode).send(body);
}
