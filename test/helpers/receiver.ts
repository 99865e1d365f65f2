// A local HTTP endpoint standing in for an outside system: records every request, checks its
// HMAC signature the way a real receiver would, and can be told to fail or stall.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as received. */
export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: any;
  /** Whether X-Shenguan-Signature matched HMAC-SHA256(secret, timestamp + "." + raw body). */
  signatureValid: boolean;
  /** The status it was answered with. */
  status: number;
}

/** A running receiver. */
export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** Answer the next `n` requests with 503. */
  failNext(n: number): void;
  /** Wait this long before answering (to provoke a client timeout). */
  delayMs: number;
  /** The JSON answered to a successful request. */
  answer: unknown;
  close(): Promise<void>;
}

/** Starts a receiver on 127.0.0.1 checking signatures with `secret`. */
export async function startReceiver(secret: string): Promise<Receiver> {
  let failures = 0;
  const receiver: Receiver = {
    url: '',
    requests: [],
    failNext: (n) => void (failures = n),
    delayMs: 0,
    answer: { received: true },
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // fetch keeps sockets alive: drop them, or close() waits for them.
        server.closeAllConnections();
      }),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const timestamp = String(req.headers['x-shenguan-timestamp'] ?? '');
      const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${raw}`).digest('hex')}`);
      const given = Buffer.from(String(req.headers['x-shenguan-signature'] ?? ''));
      const signatureValid = given.length === expected.length && timingSafeEqual(given, expected);
      const status = failures > 0 ? 503 : signatureValid ? 200 : 401;
      if (failures > 0) failures -= 1;
      receiver.requests.push({ headers: req.headers, body: JSON.parse(raw), signatureValid, status });
      setTimeout(() => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(status === 200 ? receiver.answer : { error: 'unavailable' }));
      }, receiver.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return receiver;
}
