// Access control in one place. Every route declares `config.access`: public, or the roles that
// may call it and where its resource belongs (scope). Tokens and roles are checked before the
// body is read (401, 403); the scope after validation, since it may come from params or body.
// A resource the URL names answers 404 to a caller outside its scope, exactly as one that does
// not exist: case numbers and person IDs cannot be enumerated by the difference.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { accessDenial, regionCovers, roleNames, type Principal, type Role, type Scope } from '../../domain/access.js';
import type { TokenVerifier } from '../auth/tokens.js';
import { HttpError, notFoundMessage } from '../errors.js';

/** Who may call a route. */
export type Access =
  | { public: true }
  | {
      roles: readonly Role[] | 'any';
      /**
       * A cookie that may carry the token instead of the Authorization header: for the browser
       * pages of other systems (the Temporal Web UI's codec calls) that cannot send a header.
       */
      tokenCookie?: string;
      /**
       * Where the request's resource belongs; may load it (and throw 404 when it does not exist).
       * A place named by the body or query answers 403 when out of scope; a resource named by the
       * URL (resourceScope) answers 404.
       */
      scope?: (request: FastifyRequest) => ScopeAnswer | Promise<ScopeAnswer>;
    };

/** One scope of a resource, possibly for some of the route's roles only. */
export type RoleScope = Scope & { roles?: readonly Role[] };

/** A resource the URL names: reachable in any of its scopes, and not found outside them. */
export interface ResourceScope {
  /** The 404 message the resource answers when it does not exist. */
  notFound: string;
  anyOf: RoleScope[];
}

/** What a scope check answers: one place, or a resource the URL names. */
export type ScopeAnswer = Scope | ResourceScope;

/** The scope of a resource the URL names, `what` as in `found()` (e.g. `人员 x `); several scopes = any of them. */
export function resourceScope(what: string, ...anyOf: RoleScope[]): ResourceScope {
  return { notFound: notFoundMessage(what), anyOf };
}

/**
 * Refuses, as not found, a place a query names in a region the caller does not cover: another
 * region's department or division codes cannot be probed by the difference between 403 and 404.
 * Within its region, where lists show every department anyway, a caller still gets the 403 that
 * says why.
 */
export function hiddenOutsideRegion(request: FastifyRequest, region: string, what: string): void {
  if (!regionCovers(principalOf(request).region, region)) throw new HttpError(404, 'not_found', notFoundMessage(what));
}

/** One route and who may call it. */
export interface RouteAccess {
  method: string;
  url: string;
  access: Access;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with its access declaration, as registered. */
    routeAccess: RouteAccess[];
  }
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** Routes that plugins add themselves (OpenAPI UI); they are public. */
const pluginRoutes = /^\/docs(\/|$)/;

/** The principal of an authenticated request. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new HttpError(401, 'unauthenticated', '缺少访问令牌');
  return request.principal;
}

/** The value of one cookie of a Cookie header (RFC 6265 pairs), or undefined. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const pair of header?.split(';') ?? []) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim() || undefined;
  }
  return undefined;
}

/** Installs the checks, and refuses to start when a route declares no access. */
export function installAccessControl(app: FastifyInstance, verify: TokenVerifier, isDeactivated: (principal: Principal) => Promise<boolean>): void {
  app.decorateRequest('principal', undefined);
  app.decorate('routeAccess', []);

  app.addHook('onRoute', (route) => {
    if (pluginRoutes.test(route.url)) return;
    const access = route.config?.access;
    if (!access) throw new Error(`route ${String(route.method)} ${route.url} declares no access`);
    for (const method of [route.method].flat()) if (method !== 'HEAD') app.routeAccess.push({ method, url: route.url, access });
    // HEAD shares its GET's schema: decorate it once.
    if (!route.schema || route.method === 'HEAD') return;
    // The OpenAPI document says who may call each route; a public one, that it needs no token.
    if ('public' in access) {
      route.schema.security = [];
      return;
    }
    const who = access.roles === 'any' ? '任何已登录用户' : access.roles.map((r) => `${r}（${roleNames[r]}）`).join('、');
    route.schema.security = [{ bearerAuth: [] }];
    route.schema.description = [route.schema.description, `Roles: ${who}`].filter(Boolean).join('\n\n');
  });

  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    if (!access || 'public' in access) return;
    const header = request.headers.authorization;
    const cookie = access.tokenCookie === undefined ? undefined : cookieValue(request.headers.cookie, access.tokenCookie);
    const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : cookie;
    if (!token) throw new HttpError(401, 'unauthenticated', '缺少访问令牌（Authorization: Bearer <token>）');
    request.principal = await verify(token);
    if (await isDeactivated(request.principal)) throw new HttpError(401, 'unauthenticated', '该账号已停用');
    const denial = accessDenial(request.principal, access.roles, {});
    if (denial) throw new HttpError(403, 'forbidden', denial);
  });

  app.addHook('preHandler', async (request) => {
    const access = request.routeOptions.config.access;
    if (!access || 'public' in access || !access.scope) return;
    const answer = await access.scope(request);
    if ('anyOf' in answer) {
      const principal = principalOf(request);
      if (answer.anyOf.every((scope) => accessDenial(principal, scope.roles ?? access.roles, scope))) throw new HttpError(404, 'not_found', answer.notFound);
      return;
    }
    const denial = accessDenial(principalOf(request), access.roles, answer);
    if (denial) throw new HttpError(403, 'forbidden', denial);
  });
}
