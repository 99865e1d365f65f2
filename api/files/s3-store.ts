// Case files in an S3-compatible object store (AWS S3, MinIO, versitygw, or a cloud vendor's),
// for deployments with more than one API process or no durable local disk.
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { flagSetting, setting, type SettingName } from '../../scripts/config.js';
import { BlobMissingError, assertSha256 } from './blob-hash.js';
import type { BlobStore, PresignOptions } from './blob-store.js';
import { attachmentDisposition } from './content-disposition.js';

/** Where the S3 store keeps objects and how it signs in. */
export interface S3StoreConfig {
  /** Base URL of the service; undefined means AWS itself (by region). */
  endpoint: string | undefined;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Bucket in the path, not the host name: MinIO and versitygw need it. */
  forcePathStyle: boolean;
  /** Put in front of every key, so one bucket can hold several deployments' files. */
  prefix: string;
  /** Bound of connecting and of each wait for the server (default 5 s), so a down store fails fast. */
  timeoutMs?: number;
}

/** The S3 store from the S3_* settings; names the first missing one. */
export function s3StoreFromEnv(env: NodeJS.ProcessEnv = process.env): S3Store {
  const required = (name: SettingName): string => {
    const value = setting(name, env);
    if (!value) throw new Error(`FILE_STORE=s3 needs ${name}`);
    return value;
  };
  return new S3Store({
    endpoint: setting('S3_ENDPOINT', env),
    region: setting('S3_REGION', env)!,
    bucket: required('S3_BUCKET'),
    accessKeyId: required('S3_ACCESS_KEY_ID'),
    secretAccessKey: required('S3_SECRET_ACCESS_KEY'),
    forcePathStyle: flagSetting('S3_FORCE_PATH_STYLE', env),
    prefix: setting('S3_PREFIX', env) ?? '',
  });
}

/** A content-addressed store in one bucket, objects keyed `<prefix><sha256>`. */
export class S3Store implements BlobStore {
  readonly kind = 's3' as const;
  readonly client: S3Client;

  constructor(readonly config: S3StoreConfig) {
    const timeout = config.timeoutMs ?? 5000;
    this.client = new S3Client({
      endpoint: config.endpoint,
      region: config.region,
      forcePathStyle: config.forcePathStyle,
      credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
      requestHandler: { connectionTimeout: timeout, requestTimeout: timeout },
      // Two tries, not the default three: with a down store every try costs up to the timeout.
      maxAttempts: 2,
    });
  }

  /** The object key of sha256. */
  keyOf(sha256: string): string {
    assertSha256(sha256);
    return `${this.config.prefix}${sha256}`;
  }

  async put(sha256: string, stagedPath: string, size: number, contentType: string): Promise<void> {
    const Key = this.keyOf(sha256);
    if (await this.has(sha256)) return;
    // Opened before sending: a stream that fails to open leaves the request waiting for a body
    // that never comes, instead of failing it.
    const staged = await open(stagedPath, 'r');
    try {
      // A single PutObject is atomic on S3 (the object appears whole or not at all), and the
      // SHA-256 checksum makes the server refuse bytes that were changed on the way.
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.config.bucket,
          Key,
          Body: staged.createReadStream({ autoClose: false }),
          ContentLength: size,
          ContentType: contentType,
          ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
        }),
      );
    } finally {
      await staged.close();
    }
  }

  async has(sha256: string): Promise<boolean> {
    const Key = this.keyOf(sha256);
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.config.bucket, Key }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async open(sha256: string): Promise<NodeJS.ReadableStream> {
    const Key = this.keyOf(sha256);
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.config.bucket, Key }));
      // In Node the body is always an http.IncomingMessage, i.e. a Readable.
      return answer.Body as Readable;
    } catch (error) {
      if (isNotFound(error)) throw new BlobMissingError(sha256);
      throw error;
    }
  }

  async remove(sha256: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: this.keyOf(sha256) }));
  }

  async presignedUrl(sha256: string, o: PresignOptions): Promise<string | undefined> {
    const command = new GetObjectCommand({
      Bucket: this.config.bucket,
      Key: this.keyOf(sha256),
      ResponseContentDisposition: attachmentDisposition(o.fileName),
      ResponseContentType: o.contentType,
    });
    return getSignedUrl(this.client, command, { expiresIn: o.expiresInSeconds });
  }

  async ping(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.config.bucket }));
  }
}

function isNotFound(error: unknown): boolean {
  // HEAD answers have no body, so a missing object shows only as a 404 status, named NotFound.
  // AWS answers 403 instead when the key may not list the bucket: it needs s3:ListBucket too.
  return error instanceof S3ServiceException && (error.name === 'NoSuchKey' || error.name === 'NotFound');
}
