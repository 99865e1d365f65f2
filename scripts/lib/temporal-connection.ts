// Connection options for a Temporal cluster, from the environment: the local dev server by
// default, a real cluster with TLS (mTLS or server-only) and/or an API key when configured.
import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/client';
import { flagSetting, setting } from '../config.js';

/** Where and how to reach Temporal. */
export interface TemporalTarget {
  address: string;
  namespace: string;
  taskQueue: string;
  tls?: TLSConfig | boolean;
  apiKey?: string;
}

/** Reads the Temporal target from the environment. */
export function temporalTarget(env: NodeJS.ProcessEnv = process.env): TemporalTarget {
  const cert = setting('TEMPORAL_TLS_CERT', env);
  const key = setting('TEMPORAL_TLS_KEY', env);
  const ca = setting('TEMPORAL_TLS_CA', env);
  const serverName = setting('TEMPORAL_TLS_SERVER_NAME', env);
  const apiKey = setting('TEMPORAL_API_KEY', env);
  if (Boolean(cert) !== Boolean(key)) throw new Error('TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY must be set together');

  let tls: TLSConfig | boolean | undefined;
  if (cert || ca || serverName) {
    tls = {
      ...(cert && key ? { clientCertPair: { crt: readFileSync(cert), key: readFileSync(key) } } : {}),
      ...(ca ? { serverRootCACertificate: readFileSync(ca) } : {}),
      ...(serverName ? { serverNameOverride: serverName } : {}),
    };
  } else if (flagSetting('TEMPORAL_TLS', env) || apiKey) {
    tls = true;
  }
  return {
    address: setting('TEMPORAL_ADDRESS', env)!,
    namespace: setting('TEMPORAL_NAMESPACE', env)!,
    taskQueue: setting('TEMPORAL_TASK_QUEUE', env)!,
    ...(tls !== undefined ? { tls } : {}),
    ...(apiKey ? { apiKey } : {}),
  };
}
