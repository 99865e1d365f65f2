// The virus-scan hook: the clamd protocol against a real clamd with a signature database of our
// own, and the failures (no clamd, a silent one, one that hangs up) that must never read as clean.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type Server, type Socket, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clamdScanner, scannerFromEnv } from '../../api/files/scan.js';
import { type RunningClamd, clamdPath, startClamd } from '../helpers/clamd.js';

/** The EICAR anti-virus test file: harmless, and flagged here by our own signature for it. */
const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

const dir = mkdtempSync(join(tmpdir(), 'file-scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: Uint8Array | string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const realClamd = clamdPath
  ? `clamdScanner against a real clamd (${clamdPath})`
  : 'clamdScanner against a real clamd — skipped: clamd is not installed (Debian/Ubuntu: apt-get install clamav-daemon)';

describe.skipIf(!clamdPath)(realClamd, () => {
  let clamd: RunningClamd;
  beforeAll(async () => {
    // A 2 MB stream limit lets a small file show clamd's own refusal.
    clamd = await startClamd([{ name: 'Shenguan.Test.Eicar', content: EICAR }], { streamMaxLength: '2M' });
    console.info(`clamd answered PING ${clamd.startedInMs} ms after it was started`);
  });
  afterAll(() => clamd?.stop(), 30_000);

  it('finds a clean file clean', async () => {
    await expect(clamdScanner(clamd.socketPath).scan(file('clean.pdf', '%PDF-1.4\n%%EOF\n'))).resolves.toEqual({ clean: true });
  });

  it('streams a file of many chunks', async () => {
    await expect(clamdScanner(clamd.socketPath).scan(file('large.bin', randomBytes(1_500_000)))).resolves.toEqual({ clean: true });
  });

  it('finds an empty file clean', async () => {
    await expect(clamdScanner(clamd.socketPath).scan(file('empty.bin', ''))).resolves.toEqual({ clean: true });
  });

  it('names the signature a flagged file matched', async () => {
    const verdict = await clamdScanner(clamd.socketPath).scan(file('eicar.txt', EICAR));
    expect(verdict).toEqual({ clean: false, signature: expect.stringContaining('Shenguan.Test.Eicar') });
  });

  it('fails, naming clamd’s reply, when clamd refuses the stream', async () => {
    await expect(clamdScanner(clamd.socketPath).scan(file('too-large.bin', randomBytes(3_000_000)))).rejects.toThrow(
      /clamd could not scan the file: INSTREAM size limit exceeded/,
    );
  });

  it('fails when the file cannot be read', async () => {
    await expect(clamdScanner(clamd.socketPath).scan(join(dir, 'missing.pdf'))).rejects.toThrow(/cannot read .*missing\.pdf/);
  });
});

describe('clamdScanner when clamd is not there or misbehaves', () => {
  const servers: Server[] = [];
  const connections: Socket[] = [];
  // A server closes only once its connections have: the silent one's would stay open.
  afterAll(() => {
    for (const socket of connections) socket.destroy();
    return Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  }, 10_000);

  function listen(name: string, onConnection: (socket: Socket) => void): Promise<string> {
    const socketPath = join(dir, name);
    const server = createServer((socket) => {
      connections.push(socket);
      onConnection?.(socket);
    });
    servers.push(server);
    return new Promise((resolve) => server.listen(socketPath, () => resolve(socketPath)));
  }

  it('fails when nothing listens on the socket', async () => {
    await expect(clamdScanner(join(dir, 'nobody.sock')).scan(file('a.pdf', '%PDF-'))).rejects.toThrow(/clamd at .*nobody\.sock failed: .*ENOENT/);
  });

  it('fails after its timeout when clamd never answers', async () => {
    const socketPath = await listen('silent.sock', (socket) => socket.resume());
    const started = Date.now();
    await expect(clamdScanner(socketPath, 300).scan(file('b.pdf', '%PDF-'))).rejects.toThrow(/did not answer within 300 ms/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('fails when clamd hangs up without answering', async () => {
    const socketPath = await listen('hangup.sock', (socket) => socket.end());
    await expect(clamdScanner(socketPath).scan(file('c.pdf', '%PDF-'))).rejects.toThrow(/closed the connection without answering/);
  });
});

describe('scannerFromEnv', () => {
  it('is off, finding everything clean, without CLAMD_SOCKET', async () => {
    const scanner = scannerFromEnv({});
    expect(scanner.name).toBe('off');
    await expect(scanner.scan('/nonexistent')).resolves.toEqual({ clean: true });
  });

  it('scans with clamd when CLAMD_SOCKET is set', () => {
    expect(scannerFromEnv({ CLAMD_SOCKET: '/run/clamav/clamd.ctl' }).name).toBe('clamd');
  });
});
