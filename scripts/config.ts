// Every environment variable the processes read, in one table: the README's configuration
// table and temporal-compose.yml are checked against it by the test suite.
import { DEFAULT_TOKEN_CLOCK_SKEW, DEFAULT_TOKEN_MAX_LIFETIME } from '../api/auth/tokens.js';
import { MAX_FILE_BYTES } from '../domain/files.js';

/** One environment variable: its name, default (undefined = unset) and meaning. */
export interface SettingDefinition {
  readonly name: string;
  readonly default: string | undefined;
  readonly meaning: string;
}

/** The settings, in the order the README lists them. */
export const settings = [
  { name: 'API_HOST', default: '127.0.0.1', meaning: 'Address the API listens on (0.0.0.0 in containers).' },
  { name: 'API_PORT', default: '3000', meaning: 'Port of the API; OpenAPI docs are served at /docs.' },
  { name: 'API_PUBLIC_URL', default: '/', meaning: 'Base URL clients reach the API at, named as the server in the OpenAPI document (e.g. behind a gateway); / is relative to the document.' },
  { name: 'METRICS_HOST', default: '127.0.0.1', meaning: 'Address the metrics endpoint listens on (0.0.0.0 in containers, for the scraper).' },
  {
    name: 'METRICS_PORT',
    default: '9464',
    meaning: 'Port of the Prometheus endpoint (GET /metrics) the API, the worker and npm start each serve, apart from the API port; 0 picks a free one, off serves none.',
  },
  { name: 'LOG_LEVEL', default: 'info', meaning: 'pino log level: fatal, error, warn, info, debug, trace.' },
  { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', default: undefined, meaning: 'OTLP/HTTP collector base URL (traces go to its /v1/traces). Unset, with OTEL_EXPORTER_OTLP_TRACES_ENDPOINT unset too: no tracing at all.' },
  { name: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', default: undefined, meaning: 'Full OTLP/HTTP traces URL; takes precedence over OTEL_EXPORTER_OTLP_ENDPOINT.' },
  { name: 'OTEL_SERVICE_NAME', default: undefined, meaning: 'service.name of the spans. Unset: shenguan-api, shenguan-worker, or shenguan for npm start.' },
  { name: 'JWT_SECRET', default: undefined, meaning: 'HS256 secret of bearer tokens, at least 32 bytes. npm start creates one in SHENGUAN_DATA_DIR when neither this nor JWT_JWKS_URL is set.' },
  { name: 'JWT_JWKS_URL', default: undefined, meaning: 'JWKS URL of the unified login; tokens are then checked against its keys instead of JWT_SECRET.' },
  { name: 'JWT_ISSUER', default: undefined, meaning: 'Required `iss` of tokens, if set.' },
  { name: 'JWT_AUDIENCE', default: undefined, meaning: 'Required `aud` of tokens, if set.' },
  { name: 'TOKEN_MAX_LIFETIME', default: DEFAULT_TOKEN_MAX_LIFETIME, meaning: 'Longest lifetime (exp − iat) of a token the API accepts, and of any token the scripts mint (s, m, h or d).' },
  { name: 'TOKEN_CLOCK_SKEW', default: DEFAULT_TOKEN_CLOCK_SKEW, meaning: 'How far a token issuer’s clock may differ from ours when checking exp, iat and nbf.' },
  { name: 'RATE_LIMIT_PER_MINUTE', default: '600', meaning: 'Requests per minute per client address before the API answers 429.' },
  { name: 'SMS_GATEWAY_URL', default: undefined, meaning: 'SMS gateway endpoint. Unset: SMS are recorded in the outbox only.' },
  { name: 'SUPERVISION_PLATFORM_URL', default: undefined, meaning: 'Supervision platform (互联网+监管) endpoint for case archives and tasks. Unset: recorded only.' },
  { name: 'CREDIT_PLATFORM_URL', default: undefined, meaning: 'Public credit platform endpoint for dishonesty records. Unset: recorded only (the credit archive is kept either way).' },
  { name: 'ELICENCE_URL', default: undefined, meaning: 'Electronic licence service endpoint answering { ok, missing }. Unset: licences are checked against the licences table.' },
  { name: 'APPROVAL_PLATFORM_URL', default: undefined, meaning: 'Approval platform endpoint for licence and revocation events. Unset: recorded only.' },
  { name: 'ADAPTER_SIGNING_SECRET', default: undefined, meaning: 'HMAC-SHA256 secret signing every outbound call; required when any adapter URL is set.' },
  { name: 'ADAPTER_TIMEOUT_MS', default: '10000', meaning: 'Milliseconds an outbound call may take before the attempt counts as failed and is retried.' },
  { name: 'CLAMD_SOCKET', default: undefined, meaning: 'UNIX socket of a clamd every uploaded file is streamed to (INSTREAM) before it is kept; a file it flags is refused. Unset: virus scanning is off.' },
  {
    name: 'DATABASE_URL',
    default: undefined,
    meaning: 'Postgres connection string. Unset: embedded PGlite under SHENGUAN_DATA_DIR (single process).',
  },
  {
    name: 'PAYLOAD_KEYS',
    default: undefined,
    meaning: 'Keys sealing personal data in Temporal payloads: comma-separated id:base64key (32 bytes each), newest first; the newest seals, any opens. Unset: a key file in SHENGUAN_DATA_DIR (refused with NODE_ENV=production).',
  },
  { name: 'PAYLOAD_CIPHER', default: 'aes-256-gcm', meaning: 'Cipher new payloads are sealed with: aes-256-gcm, or sm4 (SM4-CTR with an HMAC-SM3). Sealed payloads open whatever it is.' },
  { name: 'SHENGUAN_DATA_DIR', default: '.data', meaning: 'Where the embedded defaults keep state (PGlite, dev server history).' },
  { name: 'FILE_MAX_MB', default: String(MAX_FILE_BYTES / 1024 / 1024), meaning: 'Largest case file accepted, in MiB (a larger upload is refused with 413 and nothing kept).' },
  {
    name: 'FILE_FETCH_ORIGINS',
    default: undefined,
    meaning: "Comma-separated origins (scheme://host:port) of the approval platform's file server: a case's archive may be referenced there by URL, fetched and verified. Unset: archives must be uploaded first.",
  },
  { name: 'FILE_STORE', default: 'folder', meaning: 'Where the bytes of case files go: folder (under SHENGUAN_DATA_DIR/files, one machine) or s3 (the S3_* settings).' },
  { name: 'S3_ENDPOINT', default: undefined, meaning: 'Base URL of an S3-compatible service (MinIO, versitygw, a cloud vendor). Unset: AWS S3 in S3_REGION.' },
  { name: 'S3_REGION', default: 'us-east-1', meaning: 'Region requests to the S3 store are signed for.' },
  { name: 'S3_BUCKET', default: undefined, meaning: 'Bucket of case files; required with FILE_STORE=s3.' },
  { name: 'S3_ACCESS_KEY_ID', default: undefined, meaning: 'Access key of the S3 store; required with FILE_STORE=s3.' },
  { name: 'S3_SECRET_ACCESS_KEY', default: undefined, meaning: 'Secret key of the S3 store; required with FILE_STORE=s3.' },
  { name: 'S3_FORCE_PATH_STYLE', default: 'true', meaning: 'true: the bucket goes in the URL path, not the host name (MinIO and versitygw need it); false for virtual-hosted buckets.' },
  { name: 'S3_PREFIX', default: undefined, meaning: 'Put in front of every object key (e.g. shenguan/), so one bucket can hold several deployments.' },
  { name: 'TEMPORAL_ADDRESS', default: 'localhost:7233', meaning: 'Temporal frontend host:port.' },
  { name: 'TEMPORAL_NAMESPACE', default: 'default', meaning: 'Temporal namespace holding the case workflows.' },
  { name: 'TEMPORAL_TASK_QUEUE', default: 'shenguan-cases', meaning: 'Task queue the worker polls and the API starts cases on.' },
  { name: 'TEMPORAL_RPC_TIMEOUT_MS', default: '3000', meaning: 'Milliseconds the API waits for one Temporal call (reading a case, starting one) before answering 503; the calendar relay bounds its calls by it too.' },
  {
    name: 'PROBLEM_ESCALATION_WORKING_DAYS',
    default: '2',
    meaning: "Working days a coordinator's problem record (问题记录) may sit unanswered before it climbs a coordinator level (2 → 1 → 3); read by the workers.",
  },
  { name: 'ACTION_WAIT_MS', default: '10000', meaning: 'Milliseconds the API waits for a case action to be applied before answering 503 (the action may still be applied).' },
  { name: 'TEMPORAL_TLS', default: 'false', meaning: 'true: connect with TLS (implied by TEMPORAL_API_KEY or a client certificate).' },
  { name: 'TEMPORAL_TLS_CERT', default: undefined, meaning: 'Path of the mTLS client certificate (PEM).' },
  { name: 'TEMPORAL_TLS_KEY', default: undefined, meaning: 'Path of the mTLS client key (PEM).' },
  { name: 'TEMPORAL_TLS_CA', default: undefined, meaning: 'Path of a CA bundle for the server certificate (PEM), if not a public CA.' },
  { name: 'TEMPORAL_TLS_SERVER_NAME', default: undefined, meaning: 'Server name to verify, when it differs from the address host.' },
  { name: 'TEMPORAL_API_KEY', default: undefined, meaning: 'API key for Temporal Cloud or a cluster that uses API keys (sent as bearer token).' },
  { name: 'TEMPORAL_UI_URL', default: 'http://localhost:8233', meaning: 'Temporal Web UI address, printed at start and linked from case answers.' },
  { name: 'CODEC_CORS_ORIGIN', default: undefined, meaning: 'The one origin whose pages may call the codec endpoint (/codec) from a browser. Unset: the origin of TEMPORAL_UI_URL.' },
  { name: 'TEMPORAL_DEV_PORT', default: '7233', meaning: 'npm start only: frontend port of the local dev server.' },
  { name: 'TEMPORAL_UI_PORT', default: '8233', meaning: 'npm start only: Web UI port of the local dev server.' },
  { name: 'TEMPORAL_CLI', default: undefined, meaning: 'Path of a temporal CLI to use instead of resolving one.' },
  { name: 'TEMPORAL_TEST_SERVER', default: undefined, meaning: 'Path of a time-skipping test server to use instead of resolving one.' },
  { name: 'VERSITYGW', default: undefined, meaning: 'Path of a versitygw (the S3 server of the tests) to use instead of resolving one.' },
  { name: 'SHENGUAN_CACHE', default: '~/.cache/shenguan', meaning: 'Cache of downloaded Temporal servers and versitygw, outside the repo.' },
] as const satisfies readonly SettingDefinition[];

/** A setting's name. */
export type SettingName = (typeof settings)[number]['name'];

/** Reads a setting from the environment, falling back to its default. */
export function setting(name: SettingName, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[name];
  if (value !== undefined && value !== '') return value;
  return settings.find((s) => s.name === name)?.default;
}

/** Reads a setting that must be a TCP port. */
export function portSetting(name: SettingName, env: NodeJS.ProcessEnv = process.env): number {
  const raw = setting(name, env);
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${name} must be a port number (0–65535), got ${JSON.stringify(raw)}`);
  }
  return port;
}

/** Reads a setting that must be a positive whole number (of milliseconds, say). */
export function positiveIntSetting(name: SettingName, env: NodeJS.ProcessEnv = process.env): number {
  const raw = setting(name, env);
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number, got ${JSON.stringify(raw)}`);
  return value;
}

/** Reads a boolean setting ("true"/"1" are true). */
export function flagSetting(name: SettingName, env: NodeJS.ProcessEnv = process.env): boolean {
  return ['true', '1', 'yes'].includes((setting(name, env) ?? '').toLowerCase());
}
