// Where the payload keys come from: PAYLOAD_KEYS, or on a developer's machine a key file kept in
// the data folder. A production process without keys refuses to start: it would hand applicants'
// personal data to Temporal in clear (个人信息保护法 第五十一条).
import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setting } from '../config.js';
import { PAYLOAD_KEY_BYTES, PayloadKeyRing, SealingPayloadCodec, payloadCiphers, type PayloadCipher, type PayloadKey } from './payload-codec.js';

/** Parses `id:base64key` entries, newest first, separated by commas or new lines. */
export function parsePayloadKeys(text: string, source = 'PAYLOAD_KEYS'): PayloadKey[] {
  const entries = text.split(/[,\n]/).map((entry) => entry.trim()).filter((entry) => entry !== '' && !entry.startsWith('#'));
  if (entries.length === 0) throw new Error(`${source} holds no key.`);
  return entries.map((entry) => {
    const colon = entry.indexOf(':');
    if (colon <= 0) throw new Error(`${source}: each key is id:base64key, got an entry without an ID.`);
    const secret = Buffer.from(entry.slice(colon + 1), 'base64');
    if (secret.length !== PAYLOAD_KEY_BYTES) throw new Error(`${source}: key ${entry.slice(0, colon)} decodes to ${secret.length} bytes; ${PAYLOAD_KEY_BYTES} are required (openssl rand -base64 32).`);
    return { id: entry.slice(0, colon), secret };
  });
}

/** The local key file `npm start` creates in the data folder when PAYLOAD_KEYS is unset. */
export function payloadKeyFile(dataDir: string): string {
  return join(dataDir, 'payload-keys');
}

/** Reads the local key file, creating it (owner-only, 0600) with one fresh key if it is missing. */
export function localPayloadKeys(dataDir: string): PayloadKey[] {
  const file = payloadKeyFile(dataDir);
  if (existsSync(file)) return parsePayloadKeys(readFileSync(file, 'utf8'), file);
  mkdirSync(dataDir, { recursive: true });
  const id = `local-${randomBytes(4).toString('hex')}`;
  // Written aside, then linked into place: the worker and the API may start at once, and neither
  // may read a half-written file; the second link fails and that process keeps the first one's key.
  const draft = `${file}.${process.pid}.${id}`;
  writeFileSync(draft, `${id}:${randomBytes(PAYLOAD_KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(draft, { force: true });
  }
  return parsePayloadKeys(readFileSync(file, 'utf8'), file);
}

/** The cipher new payloads are sealed with (PAYLOAD_CIPHER). */
export function payloadCipher(env: NodeJS.ProcessEnv = process.env): PayloadCipher {
  const value = setting('PAYLOAD_CIPHER', env)!;
  if (!(payloadCiphers as readonly string[]).includes(value)) throw new Error(`PAYLOAD_CIPHER must be one of ${payloadCiphers.join(', ')}, got ${JSON.stringify(value)}.`);
  return value as PayloadCipher;
}

/** The keys of this process: PAYLOAD_KEYS, else (never in production) the local key file. */
export function payloadKeys(env: NodeJS.ProcessEnv = process.env): PayloadKey[] {
  const configured = setting('PAYLOAD_KEYS', env);
  if (configured) return parsePayloadKeys(configured);
  if (env.NODE_ENV === 'production') {
    throw new Error(
      'PAYLOAD_KEYS is not set: refusing to start, as applicants’ personal data would be stored in Temporal unencrypted (个人信息保护法 第五十一条). ' +
        'Set PAYLOAD_KEYS=id:base64key (a key from openssl rand -base64 32), the same on every worker and API process.',
    );
  }
  return localPayloadKeys(setting('SHENGUAN_DATA_DIR', env)!);
}

/** The codec every client and worker of this process uses. */
export function payloadCodec(env: NodeJS.ProcessEnv = process.env): SealingPayloadCodec {
  return new SealingPayloadCodec({ keys: new PayloadKeyRing(payloadKeys(env)), cipher: payloadCipher(env) });
}
