// The Temporal server's static config and dynamic config for the cluster run, shaped like
// temporal-compose.yml's (the release's docker/config_template.yaml with DB=postgres12) and its
// config/development-postgres12.yaml: both stores SQL on Postgres, all four services in one
// process on loopback ports of their own, one cluster, no archival.
import { createServer } from 'node:net';

/** Where the server listens: gRPC and membership (ringpop) of each service, and the frontend's HTTP API. */
export interface ServerPorts {
  frontend: number;
  frontendHttp: number;
  frontendMembership: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
}

/** Whether `port` can be listened on at loopback now. */
function listenable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * Free loopback ports for every listener, so the run never meets a port in use. Below 32768, not
 * the system's ephemeral ones: the cluster_membership table keeps ports in a smallint.
 */
export async function freeServerPorts(): Promise<ServerPorts> {
  const ports: number[] = [];
  while (ports.length < 9) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (!ports.includes(port) && (await listenable(port))) ports.push(port);
  }
  const [frontend, frontendHttp, frontendMembership, history, historyMembership, matching, matchingMembership, worker, workerMembership] = ports as [number, number, number, number, number, number, number, number, number];
  return { frontend, frontendHttp, frontendMembership, history, historyMembership, matching, matchingMembership, worker, workerMembership };
}

/** How the server reaches Postgres. */
export interface ServerDatabase {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  visibilityDatabase: string;
}

/** What the server config says. */
export interface ServerConfigOptions {
  ports: ServerPorts;
  db: ServerDatabase;
  /** Fixed when the databases are first used: the cluster refuses another count afterwards. */
  numHistoryShards: number;
  dynamicConfigFile: string;
}

const sqlStore = (db: ServerDatabase, database: string, maxConns: number) => `
      sql:
        pluginName: postgres12
        databaseName: ${JSON.stringify(database)}
        connectAddr: ${JSON.stringify(`${db.host}:${db.port}`)}
        connectProtocol: tcp
        user: ${JSON.stringify(db.user)}
        password: ${JSON.stringify(db.password)}
        maxConns: ${maxConns}
        maxIdleConns: ${maxConns}
        maxConnLifetime: 1h`;

const service = (grpc: number, membership: number, http?: number) => `
    rpc:
      grpcPort: ${grpc}
      membershipPort: ${membership}
      bindOnLocalHost: true${http === undefined ? '' : `\n      httpPort: ${http}`}`;

/** The server's YAML (read with `--root <dir> --config . --env <name>` as `<dir>/<name>.yaml`). */
export function serverConfig(o: ServerConfigOptions): string {
  const frontend = `127.0.0.1:${o.ports.frontend}`;
  return `# Written by the cluster run (scripts/cluster); compare temporal-compose.yml's temporal service.
log:
  stdout: true
  level: warn

persistence:
  numHistoryShards: ${o.numHistoryShards}
  defaultStore: default
  visibilityStore: visibility
  datastores:
    default:${sqlStore(o.db, o.db.database, 20)}
    visibility:${sqlStore(o.db, o.db.visibilityDatabase, 10)}

global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: 127.0.0.1

services:
  frontend:${service(o.ports.frontend, o.ports.frontendMembership, o.ports.frontendHttp)}
  history:${service(o.ports.history, o.ports.historyMembership)}
  matching:${service(o.ports.matching, o.ports.matchingMembership)}
  worker:${service(o.ports.worker, o.ports.workerMembership)}

clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: active
  currentClusterName: active
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: frontend
      rpcAddress: ${JSON.stringify(frontend)}
      httpAddress: ${JSON.stringify(`127.0.0.1:${o.ports.frontendHttp}`)}

dcRedirectionPolicy:
  policy: noop

archival:
  history:
    state: disabled
  visibility:
    state: disabled

namespaceDefaults:
  archival:
    history:
      state: disabled
    visibility:
      state: disabled

dynamicConfigClient:
  filepath: ${JSON.stringify(o.dynamicConfigFile)}
  pollInterval: 10s
`;
}

/**
 * The dynamic config: temporal-compose.yml's limit, plus the two switches the dev server gets on
 * its command line (scripts/lib/dev-server.ts), because every human action on a case is a
 * workflow update and a release may ship with updates off.
 */
export const dynamicConfig = `# SQL visibility keeps workflow ids in VARCHAR(255) columns: refuse longer ids up front.
limit.maxIDLength:
  - value: 255
    constraints: {}
frontend.enableUpdateWorkflowExecution:
  - value: true
frontend.enableUpdateWorkflowExecutionAsyncAccepted:
  - value: true
`;
