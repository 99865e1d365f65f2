// Seals every payload Temporal stores (workflow inputs, update arguments, activity payloads,
// results, memos) before it leaves the process: applicants' names and phones are personal
// information, which 个人信息保护法 第五十一条 requires to be protected by encryption. Temporal and
// its Web UI then hold ciphertext only; the workers and the API, which hold the keys, read it.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Payload, PayloadCodec, SerializationContext } from '@temporalio/common';

/** The payload encoding of a sealed payload. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';

/** The ciphers a payload may be sealed with, as PAYLOAD_CIPHER names them. */
export const payloadCiphers = ['aes-256-gcm', 'sm4'] as const;
export type PayloadCipher = (typeof payloadCiphers)[number];

/** The cipher names written to `encryption-cipher`; decoding goes by these, never by the setting. */
const AES = 'aes-256-gcm';
const SM4 = 'sm4-ctr+hmac-sm3';

/** Every key is a 32-byte secret (AES-256 uses it as is; SM4 derives its keys from it). */
export const PAYLOAD_KEY_BYTES = 32;

/** One key of the ring. */
export interface PayloadKey {
  id: string;
  secret: Buffer;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The keys, newest first: the newest seals, any of them opens (rotation without rewriting history). */
export class PayloadKeyRing {
  readonly newest: PayloadKey;
  private readonly byId = new Map<string, PayloadKey>();

  constructor(keys: readonly PayloadKey[]) {
    if (keys.length === 0) throw new Error('A payload key ring needs at least one key.');
    for (const key of keys) {
      if (!/^[A-Za-z0-9._-]{1,64}$/.test(key.id)) throw new Error(`Payload key ID ${JSON.stringify(key.id)} may only use letters, digits, '.', '_' and '-'.`);
      if (key.secret.length !== PAYLOAD_KEY_BYTES) throw new Error(`Payload key ${key.id} has ${key.secret.length} bytes; ${PAYLOAD_KEY_BYTES} are required.`);
      if (this.byId.has(key.id)) throw new Error(`Payload key ID ${key.id} appears twice.`);
      this.byId.set(key.id, key);
    }
    this.newest = keys[0]!;
  }

  /** The key with this ID; a clear error names an ID this process was not given. */
  get(id: string): PayloadKey {
    const key = this.byId.get(id);
    if (!key) throw new Error(`Payload sealed with key ${JSON.stringify(id)}, which is not configured (PAYLOAD_KEYS keeps retired keys after the newest).`);
    return key;
  }
}

/**
 * SM4 keys from the 32-byte secret by HKDF-SHA256 (no salt, distinct info): a 16-byte cipher key
 * and a separate 32-byte MAC key, so the MAC never reuses the cipher's key.
 */
function sm4Keys(secret: Buffer): { cipherKey: Buffer; macKey: Buffer } {
  return {
    cipherKey: Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'shenguan payload sm4-ctr key', 16)),
    macKey: Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'shenguan payload hmac-sm3 key', 32)),
  };
}

/** Length-prefixed, so no two (field, field) pairs give the same MAC input. */
function framed(...parts: Uint8Array[]): Buffer {
  return Buffer.concat(parts.flatMap((part) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(part.length);
    return [length, part];
  }));
}

/** The metadata key naming the workflow a payload belongs to (a code: the case number, never personal data). */
export const WORKFLOW_ID_METADATA = 'encryption-workflow-id';

/**
 * What a payload's seal binds besides its bytes: the key ID, and the workflow when the payload
 * was sealed for one. Payloads sealed before workflows were recorded bind the key ID alone.
 */
function boundFields(algorithm: string, keyId: string, workflowId: string | undefined): Uint8Array[] {
  return [encoder.encode(algorithm), encoder.encode(keyId), ...(workflowId === undefined ? [] : [encoder.encode(workflowId)])];
}

/** HMAC-SM3 over the bound fields, IV and ciphertext (encrypt-then-MAC). */
function sm4Mac(macKey: Buffer, bound: Uint8Array[], iv: Buffer, ciphertext: Buffer): Buffer {
  return createHmac('sm3', macKey).update(framed(...bound, iv, ciphertext)).digest();
}

/** The whole original payload (metadata and data) as bytes: the metadata names the content type. */
function serialise(payload: Payload): Buffer {
  const metadata = Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
  return Buffer.from(JSON.stringify({ metadata, data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64') }));
}

function deserialise(bytes: Buffer): Payload {
  const parsed = JSON.parse(bytes.toString('utf8')) as { metadata: Record<string, string>; data: string };
  const metadata = Object.fromEntries(Object.entries(parsed.metadata).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))]));
  return { metadata, data: new Uint8Array(Buffer.from(parsed.data, 'base64')) };
}

function seal(cipher: PayloadCipher, key: PayloadKey, workflowId: string | undefined, plain: Buffer): Buffer {
  if (cipher === 'aes-256-gcm') {
    const iv = randomBytes(12);
    const aes = createCipheriv('aes-256-gcm', key.secret, iv);
    // The key ID and workflow are bound as associated data: a payload moved under another ID, or
    // relabelled as another case's to pass the codec endpoint's scope check, fails to open.
    aes.setAAD(framed(...boundFields(AES, key.id, workflowId)));
    const ciphertext = Buffer.concat([aes.update(plain), aes.final()]);
    return Buffer.concat([iv, ciphertext, aes.getAuthTag()]);
  }
  const { cipherKey, macKey } = sm4Keys(key.secret);
  const iv = randomBytes(16);
  const sm4 = createCipheriv('sm4-ctr', cipherKey, iv);
  const ciphertext = Buffer.concat([sm4.update(plain), sm4.final()]);
  return Buffer.concat([iv, ciphertext, sm4Mac(macKey, boundFields(SM4, key.id, workflowId), iv, ciphertext)]);
}

function open(algorithm: string, key: PayloadKey, workflowId: string | undefined, sealed: Buffer): Buffer {
  if (algorithm === AES) {
    if (sealed.length < 28) throw new Error('Sealed payload is too short.');
    const iv = sealed.subarray(0, 12);
    const tag = sealed.subarray(sealed.length - 16);
    const aes = createDecipheriv('aes-256-gcm', key.secret, iv);
    aes.setAAD(framed(...boundFields(AES, key.id, workflowId)));
    aes.setAuthTag(tag);
    try {
      return Buffer.concat([aes.update(sealed.subarray(12, sealed.length - 16)), aes.final()]);
    } catch {
      throw new Error(`Sealed payload failed its integrity check (key ${key.id}): it was altered or sealed with another key.`);
    }
  }
  if (algorithm === SM4) {
    if (sealed.length < 48) throw new Error('Sealed payload is too short.');
    const { cipherKey, macKey } = sm4Keys(key.secret);
    const iv = sealed.subarray(0, 16);
    const ciphertext = sealed.subarray(16, sealed.length - 32);
    // Verified before anything is decrypted: an altered ciphertext never reaches the cipher.
    if (!timingSafeEqual(sealed.subarray(sealed.length - 32), sm4Mac(macKey, boundFields(SM4, key.id, workflowId), iv, ciphertext))) {
      throw new Error(`Sealed payload failed its integrity check (key ${key.id}): it was altered or sealed with another key.`);
    }
    const sm4 = createDecipheriv('sm4-ctr', cipherKey, iv);
    return Buffer.concat([sm4.update(ciphertext), sm4.final()]);
  }
  throw new Error(`Payload sealed with unknown cipher ${JSON.stringify(algorithm)}.`);
}

/** The work's result as a promise; a refusal is a rejected promise, as the SDK expects, never a throw. */
function settle<T>(work: () => T): Promise<T> {
  return new Promise((resolve) => resolve(work()));
}

/** What the codec seals with. */
export interface SealingCodecOptions {
  keys: PayloadKeyRing;
  /** The cipher new payloads are sealed with (default AES-256-GCM); opening reads each payload's own. */
  cipher?: PayloadCipher;
}

/** The codec of every client and worker (scripts/lib/temporal-client.ts, scripts/lib/worker.ts). */
export class SealingPayloadCodec implements PayloadCodec {
  private readonly keys: PayloadKeyRing;
  readonly cipher: PayloadCipher;

  constructor(options: SealingCodecOptions) {
    this.keys = options.keys;
    this.cipher = options.cipher ?? 'aes-256-gcm';
  }

  /**
   * Seals each payload. The SDK names the workflow a payload belongs to (an activity's: the
   * workflow that scheduled it); the seal records and binds it, so the codec endpoint can tell
   * whose personal data a payload holds before it opens it for anyone.
   */
  encode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    const key = this.keys.newest;
    const workflowId = context?.workflowId;
    return settle(() =>
      payloads.map((payload) => ({
        metadata: {
          encoding: encoder.encode(ENCRYPTED_ENCODING),
          'encryption-key-id': encoder.encode(key.id),
          'encryption-cipher': encoder.encode(this.cipher === 'sm4' ? SM4 : AES),
          ...(workflowId === undefined ? {} : { [WORKFLOW_ID_METADATA]: encoder.encode(workflowId) }),
        },
        data: new Uint8Array(seal(this.cipher, key, workflowId, serialise(payload))),
      })),
    );
  }

  decode(payloads: Payload[]): Promise<Payload[]> {
    return settle(() =>
      payloads.map((payload) => {
        const metadata = payload.metadata ?? {};
        // Payloads written before the codec (recorded histories, older cases) pass as they are.
        if (!isSealed(payload)) return payload;
        const keyId = metadata['encryption-key-id'];
        const algorithm = metadata['encryption-cipher'];
        if (!keyId || !algorithm) throw new Error('Sealed payload lacks its key ID or cipher.');
        const key = this.keys.get(decoder.decode(keyId));
        return deserialise(open(decoder.decode(algorithm), key, sealedWorkflowId(payload), Buffer.from(payload.data ?? new Uint8Array())));
      }),
    );
  }
}

/** Whether a payload is sealed by this codec. */
export function isSealed(payload: Payload): boolean {
  const encoding = payload.metadata?.encoding;
  return encoding !== undefined && encoding !== null && decoder.decode(encoding) === ENCRYPTED_ENCODING;
}

/** The workflow a sealed payload was sealed for, when it was sealed for one. */
export function sealedWorkflowId(payload: Payload): string | undefined {
  const value = payload.metadata?.[WORKFLOW_ID_METADATA];
  return value ? decoder.decode(value) : undefined;
}
