// Finding versitygw: an explicit path wins, a broken one is reported, and with nothing to find
// or install every route says why it failed.
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveVersitygw, startS3Server } from '../../scripts/lib/s3-server.js';

let emptyCache: string;
let working: string;

beforeAll(async () => {
  emptyCache = await mkdtemp(join(tmpdir(), 'shenguan-cache-'));
  working = await resolveVersitygw({ log: () => {} });
});

afterAll(async () => {
  await rm(emptyCache, { recursive: true, force: true });
});

describe('resolveVersitygw', () => {
  it('takes VERSITYGW when it names a working executable', async () => {
    const lines: string[] = [];
    const env = { VERSITYGW: working, PATH: '', SHENGUAN_CACHE: emptyCache };
    expect(await resolveVersitygw({ env, log: (l) => lines.push(l) })).toBe(working);
    expect(lines.join('\n')).toMatch(/route env/);
  });

  it('names every route it tried when there is nothing to find and no go to install with', async () => {
    const notExecutable = join(emptyCache, 'versitygw');
    await writeFile(notExecutable, 'not a program');
    const env = { VERSITYGW: notExecutable, PATH: '', SHENGUAN_CACHE: emptyCache };
    const failure = resolveVersitygw({ env, log: () => {} });
    await expect(failure).rejects.toThrow(/env: VERSITYGW=.*not executable/);
    await expect(failure).rejects.toThrow(/path: no versitygw on PATH/);
    await expect(failure).rejects.toThrow(/go: no go on PATH/);
  });
});

describe('startS3Server', () => {
  it('keeps buckets in the data directory it is given, and stops', async () => {
    const dataDir = join(emptyCache, 's3-data');
    const server = await startS3Server({ executable: working, port: 0, dataDir, bucket: 'case-files' });
    try {
      expect(server.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(server.endpoint)).status).toBe(403); // it answers, and wants a signature
    } finally {
      await server.stop();
    }
    await expect(fetch(server.endpoint)).rejects.toThrow();
    expect((await stat(join(dataDir, 'case-files'))).isDirectory()).toBe(true);
  });
});
