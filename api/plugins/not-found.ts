// What the API answers when no route matches: 405 with `Allow` when the path exists under other
// methods (RFC 9110 §15.5.6), 404 when it does not exist at all.
import type { FastifyInstance } from 'fastify';
import type { ErrorBody } from '../schemas/common.js';

/** One registered path: its pattern, as the router matches it, and the methods it answers. */
interface KnownPath {
  pattern: RegExp;
  methods: Set<string>;
}

/** `/api/cases/:caseNo` → a pattern matching `/api/cases/ANY` as the router does (one segment per parameter). */
function patternOf(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment === '*' ? '.*' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}$`);
}

/** The request's path as the router sees it: no query, no trailing slash (the app ignores it). */
const pathOf = (url: string) => url.split('?')[0]!.replace(/(.)\/+$/, '$1');

/** Installs the not-found handler; call before any route is registered, so it sees them all. */
export function installNotFound(app: FastifyInstance): void {
  const known = new Map<string, KnownPath>();
  app.addHook('onRoute', (route) => {
    const path = known.get(route.url) ?? { pattern: patternOf(route.url), methods: new Set<string>() };
    for (const method of [route.method].flat()) path.methods.add(method);
    known.set(route.url, path);
  });

  app.setNotFoundHandler((request, reply) => {
    const path = pathOf(request.url);
    const allowed = new Set([...known.values()].filter((k) => k.pattern.test(path)).flatMap((k) => [...k.methods]));
    if (allowed.size === 0) {
      return reply.status(404).send({ statusCode: 404, error: 'not_found', message: `没有这个接口：${request.method} ${request.url}` } satisfies ErrorBody);
    }
    const allow = [...allowed].sort().join(', ');
    return reply
      .status(405)
      .header('allow', allow)
      .send({ statusCode: 405, error: 'method_not_allowed', message: `该接口不支持 ${request.method} 方法，可用：${allow}` } satisfies ErrorBody);
  });
}
