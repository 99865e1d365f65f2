// The API as a Fastify app, apart from its listener (api/server.ts), so tests build it as it runs.
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Tracer } from '@opentelemetry/api';
import type { Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import type { Registry } from 'prom-client';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions, type preHandlerAsyncHookHandler } from 'fastify';
import type { Database, Db } from '../db/client.js';
import { positiveIntSetting, setting } from '../scripts/config.js';
import { ACTIVE_CHANGED_CHANNEL, activeChangeOf, isDeactivated } from '../db/people.js';
import { createActiveCheck, type ActiveCheck } from './auth/active-check.js';
import type { TokenVerifier } from './auth/tokens.js';
import { HttpError } from './errors.js';
import { installAccessControl } from './plugins/access.js';
import { frameworkErrors, installErrorHandler } from './plugins/error-handler.js';
import { installRequestMetrics, noApiMetrics, type ApiMetrics } from './plugins/metrics.js';
import { installNotFound } from './plugins/not-found.js';
import { installOpenApiContract, shareErrorResponses } from './plugins/openapi-contract.js';
import { installRequestLog } from './plugins/request-log.js';
import { requestIdFor } from './request-id.js';
import { installValidation } from './plugins/validation.js';
import calendarRoutes from './routes/calendar/index.js';
import casesRoutes from './routes/cases/index.js';
import catalogueRoutes from './routes/catalogue/index.js';
import creditChecksRoutes from './routes/credit-checks/index.js';
import creditCodesRoutes from './routes/credit-codes/index.js';
import departmentsRoutes from './routes/departments/index.js';
import divisionsRoutes from './routes/divisions/index.js';
import healthRoutes from './routes/health.js';
import licencesRoutes from './routes/licences/index.js';
import peopleRoutes from './routes/people/index.js';
import regionsRoutes from './routes/regions/index.js';
import policiesRoutes from './routes/policies/index.js';
import tasksRoutes from './routes/tasks/index.js';
import consultationsRoutes from './routes/consultations/index.js';
import noticeLettersRoutes from './routes/notice-letters/index.js';
import problemsRoutes from './routes/problems/index.js';
import creditGradesRoutes from './routes/credit-grades/index.js';
import dashboardRoutes from './routes/dashboard/index.js';
import enterprisesRoutes from './routes/enterprises/index.js';
import externalRecordsRoutes from './routes/external-records/index.js';
import externalSourcesRoutes from './routes/external-sources/index.js';
import samplingRoutes from './routes/sampling/index.js';
import statsRoutes from './routes/stats/index.js';
import outboxRoutes from './routes/outbox/index.js';
import codecRoutes from './routes/codec/index.js';
import filesRoutes from './routes/files/index.js';
import { fileServicesFromEnv, type FileServices } from './files/services.js';

/** What the API needs from the process that runs it. */
export interface AppDeps {
  temporal: {
    client: Client;
    taskQueue: string;
    uiUrl: string;
    /** Milliseconds one Temporal call (a query, a start) may take (default TEMPORAL_RPC_TIMEOUT_MS). */
    rpcTimeoutMs?: number;
    /** Milliseconds a case action may take to be applied (default ACTION_WAIT_MS). */
    actionWaitMs?: number;
  };
  db: Db;
  /** Listens for the database's notifications (the database's own `listen`). */
  listen: Database['listen'];
  /** Checks bearer tokens. */
  verifyToken: TokenVerifier;
  /** The codec of this process's Temporal client: /codec opens sealed payloads with it for ops. */
  payloadCodec: PayloadCodec;
  /** The origin whose pages may call /codec from a browser (default CODEC_CORS_ORIGIN, else the Temporal UI's). */
  codecCorsOrigin?: string;
  /** Requests per minute per client address (default 600). */
  rateLimitPerMinute?: number;
  /** Base URL the OpenAPI document names as its server (default `/`, relative to where it is read). */
  serverUrl?: string;
  logger?: FastifyServerOptions['logger'] | FastifyBaseLogger;
  /** With tracing on (scripts/lib/tracing.ts): one server span per request. */
  tracer?: Tracer;
  /**
   * Runs after the access checks and before any handler, on every route. The access matrix test
   * answers from it, so it sees what the checks let through without running the handlers.
   */
  afterAccess?: preHandlerAsyncHookHandler;
  /** Where request timings and case starts are counted (the process's metrics registry); none: not counted. */
  metrics?: Registry;
  /** The file store, scanner and limits (default: from the settings, FILE_STORE …). */
  files?: FileServices;
}

declare module 'fastify' {
  interface FastifyInstance {
    temporal: Required<AppDeps['temporal']>;
    db: Db;
    /** Whether an account is deactivated, remembered briefly; routes that change `active` forget it. */
    activeCheck: ActiveCheck;
    /** What the routes count (api/plugins/metrics.ts). */
    metrics: ApiMetrics;
  }
}

/** Builds the API. The caller owns the Temporal client and the database, and closes them. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const loggerOption =
    deps.logger && typeof deps.logger === 'object' && 'child' in deps.logger ? { loggerInstance: deps.logger } : { logger: deps.logger ?? false };
  const app = Fastify({
    ...loggerOption,
    // Collections are `/api/cases`; `/api/cases/` is served too but not listed twice.
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors,
    // One line per request, written as it is answered (api/plugins/request-log.ts), under the same
    // `requestId` label the case's workflow and activity lines carry.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    genReqId: requestIdFor,
  }).withTypeProvider<TypeBoxTypeProvider>();
  installRequestLog(app, deps.tracer);

  app.decorate('temporal', {
    ...deps.temporal,
    rpcTimeoutMs: deps.temporal.rpcTimeoutMs ?? positiveIntSetting('TEMPORAL_RPC_TIMEOUT_MS', {}),
    actionWaitMs: deps.temporal.actionWaitMs ?? positiveIntSetting('ACTION_WAIT_MS', {}),
  });
  app.decorate('db', deps.db);
  app.decorate('files', deps.files ?? fileServicesFromEnv());
  // Multipart bodies are read by the upload routes alone (api/files/upload.ts), which set the limits.
  await app.register(multipart);
  // First of the hooks, so that every answer is timed: refused, rate-limited and unmatched ones too.
  if (deps.metrics) installRequestMetrics(app, deps.metrics);
  else app.decorate('metrics', noApiMetrics);
  installValidation(app);
  installErrorHandler(app);
  // The limit comes first, before any hook that checks a token or reads the database: a flood of
  // requests with no or a bad token is answered 429 from memory, keyed by client address.
  await app.register(rateLimit, {
    global: false,
    max: deps.rateLimitPerMinute ?? 600,
    timeWindow: '1 minute',
    errorResponseBuilder: (_request, context) => new HttpError(429, 'rate_limited', `请求过于频繁，请 ${Math.ceil(context.ttl / 1000)} 秒后重试`),
  });
  app.addHook('onRequest', app.rateLimit());
  installNotFound(app);
  installOpenApiContract(app);
  // A deactivated person is locked out at once, whatever tokens they still hold: the change drops
  // the remembered answer here at once, and in every other API process by its notification.
  const activeCheck = createActiveCheck((sub, region) => isDeactivated(deps.db, sub, region));
  app.decorate('activeCheck', activeCheck);
  installAccessControl(app, deps.verifyToken, (principal) => activeCheck.isDeactivated(principal.sub, principal.region));
  let unlisten: (() => Promise<void>) | undefined;
  app.addHook('onReady', async () => {
    try {
      const forget = (payload: string) => {
        const { id, region } = activeChangeOf(payload);
        activeCheck.forget(id, region);
      };
      unlisten = await deps.listen(ACTIVE_CHANGED_CHANNEL, forget, () => activeCheck.setListening(true));
    } catch (error) {
      // Not fatal: the check then asks the database on every request, and uses what it remembers
      // only while the database is down.
      app.log.warn({ err: error }, 'not listening for account changes; every request reads the database');
    }
  });
  app.addHook('onClose', async () => {
    activeCheck.setListening(false);
    // The database may be gone already; nothing is left to stop then.
    await unlisten?.().catch(() => {});
  });
  // Added here, before any route: a plugin's routes copy the hooks of the app as it is when they register.
  if (deps.afterAccess) app.addHook('preHandler', deps.afterAccess);

  // Security headers everywhere; Swagger UI sends its own CSP for its page (staticCSP below).
  await app.register(helmet, { global: true });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'shenguan 审管联动 API', version: '0.1.0', description: 'Approval–supervision linkage: cases, tasks, deadlines.' },
      servers: [{ url: deps.serverUrl ?? '/' }],
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      tags: [
        { name: 'cases', description: '办件: start and inspect approval cases' },
        { name: 'tasks', description: '监管任务: view, inspect, rectify, propose revocation' },
        { name: 'organisation', description: 'Regions, departments, divisions and people' },
        { name: 'catalogue', description: '审批事项、监管事项、关联与承诺配置' },
        { name: 'policy', description: '审管联动规则：各区划的期限、告知承诺方式、预警与督办、短信文本，逐级继承、按版本生效' },
        { name: 'credit', description: '统一社会信用代码与信用' },
        { name: 'calendar', description: '工作日：节假日安排、期限计算' },
        { name: 'licences', description: '电子证照（默认核验数据）' },
        { name: 'enterprises', description: '企业画像: one enterprise across approvals, tasks and credit' },
        { name: 'dashboard', description: '协调员看板与处室待办' },
        { name: 'assessment', description: '考核统计、抽查样本、会商记录与半年总结' },
        { name: 'problems', description: '协调员问题记录：上报、答复、升级、办结、提交会商（D 二 3、四 3(2)）' },
        { name: 'sampling', description: '双随机、信用分级抽查' },
        { name: 'files', description: '办件档案与监管材料：上传、下载（留痕）、撤回' },
        { name: 'ops', description: 'Health, readiness and the outbox’s dead letters' },
      ],
    },
    // Shared schemas by their $id (`#/components/schemas/Error`), so a generated client names them.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    transformObject: shareErrorResponses,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });

  await app.register(healthRoutes);
  await app.register(casesRoutes, { prefix: '/api/cases' });
  await app.register(filesRoutes);
  await app.register(tasksRoutes, { prefix: '/api/tasks' });
  await app.register(creditCodesRoutes, { prefix: '/api/credit-codes' });
  await app.register(creditChecksRoutes, { prefix: '/api/credit-checks' });
  await app.register(calendarRoutes, { prefix: '/api/calendar' });
  await app.register(regionsRoutes, { prefix: '/api/regions' });
  await app.register(policiesRoutes, { prefix: '/api/regions' });
  await app.register(departmentsRoutes, { prefix: '/api/departments' });
  await app.register(catalogueRoutes, { prefix: '/api/catalogue' });
  await app.register(divisionsRoutes, { prefix: '/api/divisions' });
  await app.register(peopleRoutes, { prefix: '/api/people' });
  await app.register(licencesRoutes, { prefix: '/api/licences' });
  await app.register(enterprisesRoutes, { prefix: '/api/enterprises' });
  await app.register(creditGradesRoutes, { prefix: '/api/credit-grades' });
  await app.register(externalSourcesRoutes, { prefix: '/api/external-sources' });
  await app.register(externalRecordsRoutes, { prefix: '/api/external-records' });
  await app.register(dashboardRoutes, { prefix: '/api/dashboard' });
  await app.register(statsRoutes, { prefix: '/api/stats' });
  await app.register(consultationsRoutes, { prefix: '/api/consultations' });
  await app.register(noticeLettersRoutes, { prefix: '/api/notice-letters' });
  await app.register(problemsRoutes, { prefix: '/api/problems' });
  await app.register(outboxRoutes, { prefix: '/api/outbox' });
  await app.register(samplingRoutes, { prefix: '/api/sampling' });
  await app.register(codecRoutes, {
    prefix: '/codec',
    codec: deps.payloadCodec,
    uiOrigin: deps.codecCorsOrigin ?? setting('CODEC_CORS_ORIGIN') ?? new URL(deps.temporal.uiUrl).origin,
    uiUrl: deps.temporal.uiUrl,
    verifyToken: deps.verifyToken,
  });
  return app;
}
