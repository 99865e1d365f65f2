// The API processes behind one address, as a load balancer puts them: each client prefers its own
// process and, while that one fails its health check (GET /healthz, twice a second), sends to the
// next healthy one. A request already on its way to a process that dies gets no answer (status 0)
// and is sent again by the driver, which by then goes to a healthy process.
import type { ApiClient, Mint } from '../lib/demo/api-client.js';
import { createApiClient } from '../lib/demo/api-client.js';

/** The pool: one client per process, and how many requests each process was sent. */
export interface ApiPool {
  clients: ApiClient[];
  /** Requests sent to each process (by its URL), counted when a client picks it. */
  sent: Map<string, number>;
  /** Ends the health checks. */
  stop(): void;
}

const CHECK_MS = 500;

/** A pool over the processes at `urls`, with tokens minted by `mint` and shared by every client. */
export function apiPool(urls: readonly string[], mint: Mint, log: (line: string) => void): ApiPool {
  const healthy = urls.map(() => true);
  const sent = new Map(urls.map((url) => [url, 0]));
  const tokens = createApiClient(urls[0]!, mint);
  let checking = true;
  void (async () => {
    while (checking) {
      await Promise.all(
        urls.map(async (url, k) => {
          const ok = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) }).then((r) => r.ok, () => false);
          if (ok !== healthy[k]) log(`负载均衡：${url} ${ok ? '恢复，重新加入轮转' : '健康检查失败，移出轮转'}`);
          healthy[k] = ok;
        }),
      );
      await new Promise((r) => setTimeout(r, CHECK_MS));
    }
  })();
  const pick = (own: number) => {
    // Its own process when healthy, else the next healthy one; with none, its own (the request fails and is retried).
    const k = [...urls.keys()].map((j) => (own + j) % urls.length).find((j) => healthy[j]) ?? own;
    const url = urls[k]!;
    sent.set(url, (sent.get(url) ?? 0) + 1);
    return url;
  };
  const clients = urls.map(
    (_, own): ApiClient => ({
      get apiUrl() {
        return pick(own);
      },
      token: tokens.token,
      call: (...args) => createApiClient(pick(own), tokens.token).call(...args),
      upload: (...args) => createApiClient(pick(own), tokens.token).upload(...args),
    }),
  );
  return { clients, sent, stop: () => void (checking = false) };
}
