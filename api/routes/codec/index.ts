// /codec: Temporal's remote codec protocol for the Web UI and the `temporal` CLI (`--codec-endpoint
// <api>/codec --codec-auth "Bearer <token>"`), so ops read sealed case data where they inspect
// cases — only ops (运维), only their region's cases, each decode in the audit trail (个人信息保护法
// 第五十一条). The UI sends no Authorization header without a login of its own, so ops sign in at
// /codec/sign-in, which keeps their token in a cookie the UI's calls carry (README "Personal data
// in Temporal").
import type { Payload, PayloadCodec } from '@temporalio/common';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { decodeJwt } from 'jose';
import { recordAudit } from '../../../db/audit.js';
import type { Principal, Role } from '../../../domain/access.js';
import type { TokenVerifier } from '../../auth/tokens.js';
import { HttpError } from '../../errors.js';
import { cookieValue, principalOf } from '../../plugins/access.js';
import { CodecSessionInputSchema, PayloadsSchema, type PayloadJson } from '../../schemas/codec.js';
import { ErrorSchema } from '../../schemas/common.js';
import { payloadAccess, type WorkflowPayloads } from './payload-access.js';
import { signInPage, type SignedIn } from './sign-in-page.js';

/** The cookie that carries an ops person's token to /codec/decode and /codec/encode. */
export const CODEC_COOKIE = 'shenguan_codec';

/** Who may use the codec endpoint. */
const codecRoles: readonly Role[] = ['ops'];

/** A Temporal payload may be up to 2 MB; a batch of them more. */
const CODEC_BODY_LIMIT = 8 * 1024 * 1024;

/** How long one person's decodes of one workflow count as one audit entry (the UI decodes event by event). */
const AUDIT_WINDOW_MS = 10 * 60_000;

export interface CodecRouteOptions {
  codec: PayloadCodec;
  /** The one origin whose pages may call the codec from a browser: the Temporal Web UI's. */
  uiOrigin: string;
  uiUrl: string;
  verifyToken: TokenVerifier;
}

const fromJson = (payload: PayloadJson): Payload => ({
  metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, new Uint8Array(Buffer.from(value, 'base64'))])),
  data: new Uint8Array(Buffer.from(payload.data ?? '', 'base64')),
});

const toJson = (payload: Payload): PayloadJson => ({
  metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value ?? new Uint8Array()).toString('base64')])),
  data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64'),
});

const codecRoutes: FastifyPluginAsyncTypebox<CodecRouteOptions> = async (app, options) => {
  const { codec, uiOrigin, verifyToken } = options;

  // The sign-in form posts as a browser form does.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  /** A browser page of another origin than the UI's gets nothing: not decoded, not audited. */
  const fromUiOnly = async (request: FastifyRequest) => {
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== uiOrigin) throw new HttpError(403, 'forbidden', `来源 ${origin} 不允许调用解密服务，仅允许 ${uiOrigin}`);
  };
  const allowUi = async (request: FastifyRequest, reply: FastifyReply) => {
    reply.header('vary', 'Origin');
    if (request.headers.origin !== uiOrigin) return;
    reply.header('access-control-allow-origin', uiOrigin);
    reply.header('access-control-allow-credentials', 'true');
  };

  const recent = new Map<string, number>();
  /** One audit row per person, workflow and outcome within the window: who decoded which workflow. */
  const audit = async (principal: Principal, groups: WorkflowPayloads[], namespace: string | undefined) => {
    const now = Date.now();
    if (recent.size > 10_000) recent.clear();
    for (const group of groups) {
      const key = `${principal.sub}|${principal.region}|${group.workflowId ?? ''}|${group.allowed}`;
      if ((recent.get(key) ?? 0) > now - AUDIT_WINDOW_MS) continue;
      await recordAudit(app.db, {
        actor: principal.sub,
        action: group.allowed ? 'payload.decoded' : 'payload.decode-refused',
        entity: group.caseNo !== undefined ? 'case' : 'workflow',
        entityId: group.caseNo ?? group.workflowId ?? '(none)',
        reason: group.allowed ? undefined : '不在本人区划范围内',
        details: { workflowId: group.workflowId ?? null, payloads: group.indexes.length, namespace: namespace ?? null },
      });
      recent.set(key, now);
    }
  };

  for (const operation of ['decode', 'encode'] as const) {
    app.options(
      `/${operation}`,
      {
        config: { access: { public: true } },
        onRequest: fromUiOnly,
        // A browser's CORS preflight, not an operation of the API: left out of the document.
        schema: { hide: true },
      },
      async (request, reply) => {
        await allowUi(request, reply);
        return reply
          .header('access-control-allow-methods', 'POST')
          .header('access-control-allow-headers', 'content-type, authorization, x-namespace')
          .header('access-control-max-age', '600')
          .code(204)
          .send();
      },
    );
  }

  /** What both protocol routes share: who, from where, how large. */
  const protocolRoute = {
    bodyLimit: CODEC_BODY_LIMIT,
    config: { access: { roles: codecRoles, tokenCookie: CODEC_COOKIE } },
    onRequest: fromUiOnly,
    onSend: async (request: FastifyRequest, reply: FastifyReply) => allowUi(request, reply),
  };

  app.post(
    '/decode',
    {
      ...protocolRoute,
      schema: {
        tags: ['ops'],
        summary: 'Opens sealed Temporal payloads (remote codec protocol) for ops of the case’s region',
        description:
          'Payloads of a case outside the caller’s region, or naming no case (for ops of region 100000 only), are answered still sealed. ' +
          'Each person’s decodes of a workflow are audited (`payload.decoded`, `payload.decode-refused`), once per ten minutes.',
        body: PayloadsSchema,
        response: { 200: PayloadsSchema, 422: ErrorSchema },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const payloads = request.body.payloads.map(fromJson);
      const groups = await payloadAccess(app.db, principal, payloads);
      const opened = [...payloads];
      for (const group of groups.filter((g) => g.allowed)) {
        const sealed = group.indexes.map((index) => payloads[index]!);
        let plain: Payload[];
        try {
          plain = await codec.decode(sealed);
        } catch (error) {
          throw new HttpError(422, 'unprocessable', `无法解密工作流 ${group.workflowId ?? '（未标明）'} 的数据：${(error as Error).message}`);
        }
        group.indexes.forEach((index, i) => (opened[index] = plain[i]!));
      }
      // Recorded before anything is answered: no decode leaves without its audit row.
      const namespace = request.headers['x-namespace'];
      await audit(principal, groups, typeof namespace === 'string' ? namespace : undefined);
      return { payloads: opened.map(toJson) };
    },
  );

  app.post(
    '/encode',
    {
      ...protocolRoute,
      schema: {
        tags: ['ops'],
        summary: 'Seals payloads (remote codec protocol), e.g. a signal’s input typed in the Web UI',
        body: PayloadsSchema,
        response: { 200: PayloadsSchema },
      },
    },
    async (request) => ({ payloads: (await codec.encode(request.body.payloads.map(fromJson))).map(toJson) }),
  );

  const htmlPage = { description: 'The sign-in page (中文)', content: { 'text/html': { schema: { type: 'string' } } } };
  /** The sign-in page, saying who is signed in. */
  const sendPage = (request: FastifyRequest, reply: FastifyReply, signedIn: SignedIn | undefined) => {
    const codecEndpoint = `${request.protocol}://${request.host}${request.url.replace(/\/[^/]*$/, '')}`;
    return reply.type('text/html; charset=utf-8').send(signInPage({ codecEndpoint, uiUrl: options.uiUrl, ...(signedIn ? { signedIn } : {}) }));
  };

  /** The signed-in person of a cookie still valid, for the page. */
  const signedInOf = async (request: FastifyRequest): Promise<SignedIn | undefined> => {
    const token = cookieValue(request.headers.cookie, CODEC_COOKIE);
    if (!token) return undefined;
    try {
      const principal = await verifyToken(token);
      return { sub: principal.sub, region: principal.region, until: new Date((decodeJwt(token).exp ?? 0) * 1000) };
    } catch {
      return undefined;
    }
  };

  app.get(
    '/sign-in',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['ops'],
        summary: 'The page where ops sign in for the Temporal Web UI’s codec calls (中文)',
        produces: ['text/html'],
        response: { 200: htmlPage },
      },
    },
    async (request, reply) => sendPage(request, reply, await signedInOf(request)),
  );

  app.post(
    '/session',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['ops'],
        summary: 'Signs an ops person in for the codec: the token goes into an HttpOnly cookie for /codec',
        description: 'A form post (`token=`) or JSON. Answers the sign-in page, signed in; the cookie expires with the token.',
        consumes: ['application/x-www-form-urlencoded', 'application/json'],
        produces: ['text/html'],
        body: CodecSessionInputSchema,
        response: { 200: htmlPage, 401: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { token } = request.body;
      const principal = await verifyToken(token.trim());
      if (await app.activeCheck.isDeactivated(principal.sub, principal.region)) throw new HttpError(401, 'unauthenticated', '该账号已停用');
      if (!principal.roles.includes('ops')) throw new HttpError(403, 'forbidden', '解密服务仅限运维人员（ops）角色登录');
      const expires = decodeJwt(token.trim()).exp ?? 0;
      const seconds = Math.max(0, Math.floor(expires - Date.now() / 1000));
      reply.header('set-cookie', cookie(request, token.trim(), seconds));
      return sendPage(request, reply, { sub: principal.sub, region: principal.region, until: new Date(expires * 1000) });
    },
  );

  app.post(
    '/sign-out',
    {
      config: { access: { public: true } },
      schema: { tags: ['ops'], summary: 'Signs out of the codec (clears its cookie)', produces: ['text/html'], response: { 200: htmlPage } },
    },
    async (request, reply) => sendPage(request, reply.header('set-cookie', cookie(request, '', 0)), undefined),
  );
};

/** The codec cookie: never readable by scripts, sent only to /codec, only on same-site requests. */
function cookie(request: FastifyRequest, value: string, maxAgeSeconds: number): string {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  return `${CODEC_COOKIE}=${value}; Path=/codec; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`;
}

export default codecRoutes;
