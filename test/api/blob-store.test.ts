// One contract for both blob stores, run against the folder store and a real S3 server
// (versitygw): whatever FILE_STORE says, case files behave the same.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobMissingError, blobStoreFromEnv, type BlobStore } from '../../api/files/blob-store.js';
import { S3Store } from '../../api/files/s3-store.js';
import { freePort } from '../../scripts/lib/dev-server.js';
import { createTestBlobStores, type TestBlobStores } from '../helpers/blob-stores.js';

let stores: TestBlobStores;
let stagingDir: string;

beforeAll(async () => {
  stores = await createTestBlobStores();
  // Beside the folder store's root, so close() removes it too.
  stagingDir = join(stores.folder.root, '..', 'staged');
  await mkdir(stagingDir, { recursive: true });
});

afterAll(async () => {
  await stores?.close();
});

/** Writes bytes to a staged file, as the upload route will, and returns its hash and path. */
async function stage(bytes: Buffer): Promise<{ sha256: string; path: string }> {
  const path = join(stagingDir, randomBytes(8).toString('hex'));
  await writeFile(path, bytes);
  return { sha256: createHash('sha256').update(bytes).digest('hex'), path };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/** How many objects the store holds for sha256, counted beneath the interface. */
async function copiesOf(store: BlobStore, sha256: string): Promise<number> {
  if (store.kind === 'folder') {
    const names = await readdir(join(stores.folder.root, sha256.slice(0, 2))).catch(() => []);
    return names.filter((n) => n.includes(sha256)).length; // temp files count too: none may be left behind
  }
  const { client, config } = stores.s3;
  const listed = await client.send(new ListObjectsV2Command({ Bucket: config.bucket, Prefix: `${config.prefix}${sha256}` }));
  return listed.KeyCount ?? 0;
}

describe.each(['folder', 's3'] as const)('the %s blob store', (kind) => {
  const store = (): BlobStore => stores[kind];

  it('gives back the very bytes it was given', async () => {
    const bytes = randomBytes(300_000);
    const { sha256, path } = await stage(bytes);
    expect(await store().has(sha256)).toBe(false);
    await store().put(sha256, path, bytes.length, 'application/octet-stream');
    expect(await store().has(sha256)).toBe(true);
    expect((await readAll(await store().open(sha256))).equals(bytes)).toBe(true);
  });

  it('stores equal bytes once: a second put does not even read the staged file', async () => {
    const bytes = Buffer.from(`检查记录 ${randomBytes(8).toString('hex')}`);
    const { sha256, path } = await stage(bytes);
    await store().put(sha256, path, bytes.length, 'text/plain');
    await store().put(sha256, join(stagingDir, 'no-such-staged-file'), bytes.length, 'text/plain');
    expect(await copiesOf(store(), sha256)).toBe(1);
    expect(await text(await store().open(sha256))).toBe(bytes.toString());
  });

  it('says a missing file is missing', async () => {
    const sha256 = createHash('sha256').update(randomBytes(16)).digest('hex');
    await expect(store().open(sha256)).rejects.toBeInstanceOf(BlobMissingError);
    expect(await store().has(sha256)).toBe(false);
  });

  it('removes the bytes, and removing them again is no error', async () => {
    const bytes = randomBytes(1000);
    const { sha256, path } = await stage(bytes);
    await store().put(sha256, path, bytes.length, 'application/octet-stream');
    await store().remove(sha256);
    expect(await store().has(sha256)).toBe(false);
    await expect(store().open(sha256)).rejects.toBeInstanceOf(BlobMissingError);
    expect(await copiesOf(store(), sha256)).toBe(0);
    await store().remove(sha256);
  });

  it('refuses anything but a lowercase hex SHA-256 before touching the store', async () => {
    const { sha256, path } = await stage(Buffer.from('x'));
    const bad = ['../etc/passwd', sha256.toUpperCase(), sha256.slice(1), `${sha256}0`, `../${sha256.slice(3)}`, `${sha256.slice(0, 63)}/`, ''];
    for (const name of bad) {
      const calls = [
        store().put(name, path, 1, 'text/plain'),
        store().has(name),
        store().open(name),
        store().remove(name),
        store().presignedUrl(name, { expiresInSeconds: 60, fileName: 'a.txt', contentType: 'text/plain' }),
      ];
      for (const call of calls) await expect(call, name).rejects.toThrow(/not a SHA-256/);
    }
    expect(await copiesOf(store(), sha256)).toBe(0);
  });

  it('fails a put of a staged file that is not there, and stores nothing', async () => {
    const sha256 = createHash('sha256').update(randomBytes(16)).digest('hex');
    await expect(store().put(sha256, join(stagingDir, 'no-such-staged-file'), 10, 'text/plain')).rejects.toThrow(/ENOENT/);
    expect(await copiesOf(store(), sha256)).toBe(0);
  });

  it('answers ping when it can be reached', async () => {
    await expect(store().ping()).resolves.toBeUndefined();
  });

  it(kind === 'folder' ? 'has no presigned URLs' : 'hands out a presigned URL a browser downloads the file from, under its Chinese name', async () => {
    const bytes = Buffer.from(`%PDF-1.4 ${randomBytes(32).toString('hex')}`);
    const { sha256, path } = await stage(bytes);
    await store().put(sha256, path, bytes.length, 'application/pdf');
    const url = await store().presignedUrl(sha256, { expiresInSeconds: 60, fileName: '检查记录.pdf', contentType: 'application/pdf' });
    if (kind === 'folder') {
      expect(url).toBeUndefined();
      return;
    }
    const answer = await fetch(url!);
    expect(answer.status).toBe(200);
    expect(Buffer.from(await answer.arrayBuffer()).equals(bytes)).toBe(true);
    expect(answer.headers.get('content-type')).toBe('application/pdf');
    const disposition = answer.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(/^attachment;/);
    expect(decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1] ?? '')).toBe('检查记录.pdf');
  });
});

describe('the folder store', () => {
  it('keeps a file at <root>/<first two hex digits>/<sha256>', async () => {
    const bytes = randomBytes(64);
    const { sha256, path } = await stage(bytes);
    await stores.folder.put(sha256, path, bytes.length, 'application/octet-stream');
    const st = await stat(join(stores.folder.root, sha256.slice(0, 2), sha256));
    expect(st.size).toBe(bytes.length);
  });
});

describe('the S3 store', () => {
  it('lets the server refuse bytes that do not match their hash', async () => {
    const { path } = await stage(Buffer.from('the bytes on disk'));
    const other = createHash('sha256').update('some other bytes').digest('hex');
    await expect(stores.s3.put(other, path, 'the bytes on disk'.length, 'text/plain')).rejects.toThrow(/checksum|digest/i);
    expect(await stores.s3.has(other)).toBe(false);
  });

  it('fails ping when the server is down', async () => {
    const closed = new S3Store({ ...stores.s3.config, endpoint: `http://127.0.0.1:${await freePort()}` });
    try {
      const started = Date.now();
      await expect(closed.ping()).rejects.toThrow(/ECONNREFUSED/);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      closed.client.destroy();
    }
  });

  it('names the missing setting', () => {
    const { S3_BUCKET: _bucket, ...noBucket } = stores.env.s3;
    expect(() => blobStoreFromEnv(noBucket)).toThrow(/S3_BUCKET/);
    const { S3_SECRET_ACCESS_KEY: _secret, ...noSecret } = stores.env.s3;
    expect(() => blobStoreFromEnv(noSecret)).toThrow(/S3_SECRET_ACCESS_KEY/);
  });
});

describe('blobStoreFromEnv', () => {
  it('makes the store FILE_STORE names, the folder one by default', () => {
    expect(blobStoreFromEnv({ SHENGUAN_DATA_DIR: stores.folder.root }).kind).toBe('folder');
    const s3 = blobStoreFromEnv(stores.env.s3);
    expect(s3.kind).toBe('s3');
    (s3 as S3Store).client.destroy();
    expect(() => blobStoreFromEnv({ FILE_STORE: 'ftp' })).toThrow(/FILE_STORE must be folder or s3/);
  });
});
