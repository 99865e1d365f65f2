// The payload codec: what it seals opens again, with the key that sealed it even after rotation,
// and anything altered, or sealed under a key this process lacks, is refused.
import { getCiphers, getHashes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Payload } from '@temporalio/common';
import { defaultPayloadConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { ENCRYPTED_ENCODING, PayloadKeyRing, SealingPayloadCodec, WORKFLOW_ID_METADATA, sealedWorkflowId, type PayloadCipher } from '../../scripts/lib/payload-codec.js';
import { parsePayloadKeys, payloadCodec, payloadKeyFile, payloadKeys } from '../../scripts/lib/payload-keys.js';

const oldKey = { id: 'k2025', secret: Buffer.alloc(32, 1) };
const newKey = { id: 'k2026', secret: Buffer.alloc(32, 2) };
const applicant = { name: '连云港市海州区张三食品店', phone: '13912345678' };
const text = (bytes: Uint8Array | null | undefined) => new TextDecoder().decode(bytes ?? new Uint8Array());

const codec = (cipher: PayloadCipher, keys = [newKey]) => new SealingPayloadCodec({ keys: new PayloadKeyRing(keys), cipher });
const plain = (): Payload => defaultPayloadConverter.toPayload(applicant);

describe('the payload codec', () => {
  it('runs on a Node with SM4-CTR and SM3', () => {
    expect(getCiphers()).toContain('sm4-ctr');
    expect(getHashes()).toContain('sm3');
  });

  it.each(['aes-256-gcm', 'sm4'] as const)('seals with %s and opens again, naming key and cipher in the metadata', async (cipher) => {
    const [sealed] = await codec(cipher).encode([plain()]);
    expect(text(sealed!.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text(sealed!.metadata!['encryption-key-id'])).toBe('k2026');
    expect(text(sealed!.metadata!['encryption-cipher'])).toBe(cipher === 'sm4' ? 'sm4-ctr+hmac-sm3' : 'aes-256-gcm');
    expect(Buffer.from(sealed!.data!).includes(Buffer.from(applicant.phone))).toBe(false);
    const [opened] = await codec(cipher).decode([sealed!]);
    expect(defaultPayloadConverter.fromPayload(opened!)).toEqual(applicant);
  });

  it('opens by the cipher each payload names, whatever the current setting', async () => {
    const [sealed] = await codec('sm4').encode([plain()]);
    const [opened] = await codec('aes-256-gcm').decode([sealed!]);
    expect(defaultPayloadConverter.fromPayload(opened!)).toEqual(applicant);
  });

  it.each(['aes-256-gcm', 'sm4'] as const)('refuses a %s payload whose ciphertext or tag was altered', async (cipher) => {
    const [sealed] = await codec(cipher).encode([plain()]);
    for (const at of [20, sealed!.data!.length - 1]) {
      const data = new Uint8Array(sealed!.data!);
      data[at] = data[at]! ^ 1;
      await expect(codec(cipher).decode([{ ...sealed!, data }])).rejects.toThrow(/integrity check/);
    }
  });

  it('refuses a payload moved under another key ID', async () => {
    const [sealed] = await codec('sm4', [newKey, { ...oldKey, secret: newKey.secret }]).encode([plain()]);
    const moved = { ...sealed!, metadata: { ...sealed!.metadata, 'encryption-key-id': new TextEncoder().encode('k2025') } };
    await expect(codec('sm4', [newKey, { ...oldKey, secret: newKey.secret }]).decode([moved])).rejects.toThrow(/integrity check/);
  });

  it.each(['aes-256-gcm', 'sm4'] as const)('records the workflow a %s payload was sealed for, and refuses it relabelled as another', async (cipher) => {
    const context = { type: 'activity', namespace: 'default', workflowId: 'case:LYG-1', isLocal: false } as const;
    const [sealed] = await codec(cipher).encode([plain()], context);
    expect(sealedWorkflowId(sealed!)).toBe('case:LYG-1');
    const [opened] = await codec(cipher).decode([sealed!]);
    expect(defaultPayloadConverter.fromPayload(opened!)).toEqual(applicant);
    const relabelled = { ...sealed!, metadata: { ...sealed!.metadata, [WORKFLOW_ID_METADATA]: new TextEncoder().encode('case:LYG-2') } };
    await expect(codec(cipher).decode([relabelled])).rejects.toThrow(/integrity check/);
    const unlabelled = { ...sealed!, metadata: Object.fromEntries(Object.entries(sealed!.metadata!).filter(([key]) => key !== WORKFLOW_ID_METADATA)) };
    await expect(codec(cipher).decode([unlabelled])).rejects.toThrow(/integrity check/);
  });

  it('after rotation, seals with the newest key and still opens what the older one sealed', async () => {
    const [before] = await codec('aes-256-gcm', [oldKey]).encode([plain()]);
    const rotated = codec('aes-256-gcm', [newKey, oldKey]);
    const [after] = await rotated.encode([plain()]);
    expect(text(after!.metadata!['encryption-key-id'])).toBe('k2026');
    const opened = await rotated.decode([before!, after!]);
    expect(opened.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([applicant, applicant]);
  });

  it('passes payloads written before the codec through unchanged', async () => {
    const payload = plain();
    expect(await codec('sm4').decode([payload])).toEqual([payload]);
  });

  it('names an unknown key ID', async () => {
    const [sealed] = await codec('aes-256-gcm', [oldKey]).encode([plain()]);
    await expect(codec('aes-256-gcm', [newKey]).decode([sealed!])).rejects.toThrow(/key "k2025", which is not configured/);
  });
});

describe('payload keys', () => {
  it('reads id:base64key entries, newest first, and refuses a key of the wrong length', () => {
    const keys = parsePayloadKeys(`k2026:${newKey.secret.toString('base64')},k2025:${oldKey.secret.toString('base64')}`);
    expect(keys.map((k) => k.id)).toEqual(['k2026', 'k2025']);
    expect(() => parsePayloadKeys('short:AAAA')).toThrow(/3 bytes; 32 are required/);
    expect(() => parsePayloadKeys('no-id')).toThrow(/id:base64key/);
  });

  it('refuses to run in production without PAYLOAD_KEYS', () => {
    expect(() => payloadKeys({ NODE_ENV: 'production' })).toThrow(/PAYLOAD_KEYS is not set: refusing to start/);
    expect(() => payloadCodec({ PAYLOAD_CIPHER: 'des' })).toThrow(/PAYLOAD_CIPHER must be one of/);
  });

  it('outside production, creates one key in an owner-only file in the data folder and keeps it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shenguan-keys-'));
    const first = payloadKeys({ SHENGUAN_DATA_DIR: dir });
    expect(first).toHaveLength(1);
    expect(statSync(payloadKeyFile(dir)).mode & 0o777).toBe(0o600);
    expect(payloadKeys({ SHENGUAN_DATA_DIR: dir })).toEqual(first);
    expect(readFileSync(payloadKeyFile(dir), 'utf8')).toContain(`${first[0]!.id}:`);
  });
});
