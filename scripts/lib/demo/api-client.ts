// The demo talks to the system through its HTTP API only, each call as the one who takes it: a
// token is minted per actor (and kept), and an answer of 429 is waited out and retried.
import type { Principal } from '../../../domain/access.js';

/** Mints a bearer token for a principal (the running system's, or a test's). */
export type Mint = (principal: Principal) => Promise<string>;

/** An answer of the API. */
export interface ApiAnswer<T> {
  status: number;
  body: T;
}

/** Calls the API as someone. */
export interface ApiClient {
  readonly apiUrl: string;
  /** Calls a route; any status outside `accept` (default: 2xx) throws with the answer. */
  call<T = unknown>(as: Principal, method: 'GET' | 'POST' | 'PUT' | 'PATCH', path: string, body?: object, accept?: readonly number[]): Promise<ApiAnswer<T>>;
  /** Uploads one file (multipart, part `file`) by POST; answers the file the API created. Throws as `call` does. */
  upload<T = UploadedFile>(as: Principal, path: string, fileName: string, bytes: Uint8Array): Promise<T>;
  /** The token of a principal, minted once. */
  token(as: Principal): Promise<string>;
}

/** A file as the API answers its upload (see CaseFileSchema). */
export interface UploadedFile {
  id: number;
  sha256: string;
  kind: string;
  name: string;
  size: number;
}

const RETRIES_ON_429 = 20;

/** A client of the API at `apiUrl`. */
export function createApiClient(apiUrl: string, mint: Mint): ApiClient {
  const tokens = new Map<string, Promise<string>>();
  const token = (as: Principal) => {
    const key = JSON.stringify(as);
    let minted = tokens.get(key);
    if (!minted) tokens.set(key, (minted = mint(as)));
    return minted;
  };
  /** Sends a request (built anew for each attempt), waiting out 429s; throws unless the status is accepted. */
  const send = async <T>(as: Principal, method: string, path: string, init: () => { headers?: Record<string, string>; body?: string | FormData }, accept?: readonly number[]): Promise<ApiAnswer<T>> => {
    for (let attempt = 0; ; attempt++) {
      const request = init();
      const res = await fetch(`${apiUrl}${path}`, { method, ...request, headers: { authorization: `Bearer ${await token(as)}`, ...request.headers } });
      const text = await res.text();
      if (res.status === 429 && attempt < RETRIES_ON_429) {
        await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') ?? '1') * 1000));
        continue;
      }
      const answer = { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
      const ok = accept ? accept.includes(res.status) : res.status >= 200 && res.status < 300;
      if (!ok) throw new Error(`${method} ${path} as ${as.sub} → ${res.status} ${text}`);
      return answer;
    }
  };
  return {
    apiUrl,
    token,
    call: <T>(as: Principal, method: string, path: string, body?: object, accept?: readonly number[]) =>
      send<T>(as, method, path, () => (body ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}), accept),
    async upload<T>(as: Principal, path: string, fileName: string, bytes: Uint8Array): Promise<T> {
      // fetch sets the multipart content type with its boundary itself.
      const form = () => {
        const data = new FormData();
        data.append('file', new Blob([bytes]), fileName);
        return { body: data };
      };
      return (await send<T>(as, 'POST', path, form)).body;
    },
  };
}
