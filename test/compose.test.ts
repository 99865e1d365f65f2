// Checks temporal-compose.yml against the app's own settings table (scripts/config.ts) and its
// custom search attributes (workflows/search-attributes.ts), so that the deployment cannot drift
// from the code: an unknown variable name, a missing search attribute or a wrong type fails here.
import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { parse } from 'yaml';
import { portSetting, setting, settings } from '../scripts/config.js';
import { caseSearchAttributes, cliTypeName } from '../workflows/search-attributes.js';

/** The parts of a Compose service this test reads. */
interface ComposeService {
  image?: string;
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: (string | number | { target: number | string; published?: number | string })[];
  entrypoint?: string | string[];
  command?: string | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  volumes?: (string | { type?: string; source?: string; target: string })[];
  healthcheck?: { test?: string | string[] };
}

interface ComposeFile {
  services: Record<string, ComposeService>;
}

const composeText = readFileSync(new URL('../temporal-compose.yml', import.meta.url), 'utf8');
// merge: true resolves the `<<: *anchor` merge keys the file uses to share settings.
const compose = parse(composeText, { merge: true }) as ComposeFile;
const services = compose.services;

const apps = ['shenguan-api', 'shenguan-worker'] as const;
const requiredAppSettings = ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'TEMPORAL_TASK_QUEUE'] as const;

/**
 * Applies Compose's variable interpolation as `docker compose` does with an empty environment:
 * `$$` is a literal `$`, `${VAR:-default}` / `${VAR-default}` take the default, `${VAR:?msg}` fails,
 * and anything else unset is empty.
 */
function interpolate(text: string): string {
  return text.replace(
    /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (_match, dollar: string | undefined, name: string | undefined, op: string | undefined, arg: string | undefined) => {
      if (dollar) return '$';
      if (op === '-' || op === ':-') return arg ?? '';
      if (op === '?' || op === ':?') throw new Error(`temporal-compose.yml requires ${name}: ${arg}`);
      return '';
    },
  );
}

function service(name: string): ComposeService {
  const found = services[name];
  if (!found) throw new Error(`temporal-compose.yml has no service ${name}`);
  return found;
}

/** A service's environment as a map, interpolated. */
function environment(name: string): Record<string, string> {
  const raw = service(name).environment ?? {};
  const entries: [string, string][] = Array.isArray(raw)
    ? raw.map((line) => {
        const at = line.indexOf('=');
        return at < 0 ? [line, ''] : [line.slice(0, at), line.slice(at + 1)];
      })
    : Object.entries(raw).map(([key, value]) => [key, value === null ? '' : String(value)]);
  return Object.fromEntries(entries.map(([key, value]) => [key, interpolate(value)]));
}

/** A required, non-empty environment value. */
function envValue(name: string, key: string): string {
  const value = environment(name)[key];
  if (!value) throw new Error(`${name} does not set ${key}`);
  return value;
}

/** The host ports a service publishes, with the container port each maps to. */
function publishedPorts(name: string): { published: number; target: number }[] {
  return (service(name).ports ?? []).flatMap((port) => {
    if (typeof port === 'object') {
      return port.published === undefined ? [] : [{ published: Number(port.published), target: Number(port.target) }];
    }
    // Short syntax: [HOST_IP:]PUBLISHED:TARGET[/PROTOCOL]; a lone TARGET publishes nothing fixed.
    const parts = String(port).replace(/\/(tcp|udp)$/, '').split(':');
    if (parts.length < 2) return [];
    return [{ published: Number(parts[parts.length - 2]), target: Number(parts[parts.length - 1]) }];
  });
}

/** Entrypoint and command of a service as one interpolated text. */
function commandText(name: string): string {
  const { entrypoint, command } = service(name);
  return [entrypoint ?? [], command ?? []]
    .flat()
    .map((part) => interpolate(part))
    .join(' ');
}

/** The services a service waits for, with the condition it waits on. */
function dependsOn(name: string): Record<string, string> {
  const raw = service(name).depends_on ?? [];
  if (Array.isArray(raw)) return Object.fromEntries(raw.map((dep) => [dep, 'service_started']));
  return Object.fromEntries(Object.entries(raw).map(([dep, spec]) => [dep, spec.condition ?? 'service_started']));
}

/** host and port of a `host:port` address. */
function hostPort(address: string): { host: string; port: number } {
  const at = address.lastIndexOf(':');
  return { host: address.slice(0, at), port: Number(address.slice(at + 1)) };
}

/** The default of a setting in scripts/config.ts. */
function settingDefault(name: (typeof settings)[number]['name']): string {
  const value = setting(name, {});
  if (value === undefined) throw new Error(`${name} has no default`);
  return value;
}

describe('temporal-compose.yml', () => {
  it('defines the services of the deployment', () => {
    for (const name of ['postgresql', 'temporal', 'temporal-admin-tools', 'temporal-ui', ...apps]) {
      expect(Object.keys(services), name).toContain(name);
    }
  });

  it('gives the API and the worker only variables that scripts/config.ts reads', () => {
    const known = new Set<string>(settings.map((s) => s.name));
    for (const app of apps) {
      const unknown = Object.keys(environment(app)).filter((key) => !known.has(key));
      expect(unknown, `${app}: names not in scripts/config.ts`).toEqual([]);
    }
  });

  it('sets the required settings for both, with one namespace, task queue, database and frontend', () => {
    for (const app of apps) {
      for (const key of requiredAppSettings) expect(envValue(app, key), `${app} ${key}`).not.toBe('');
    }
    for (const key of requiredAppSettings) {
      expect(envValue('shenguan-worker', key), key).toBe(envValue('shenguan-api', key));
    }
  });

  it('binds the API to all interfaces and publishes its API_PORT', () => {
    const env = environment('shenguan-api');
    expect(setting('API_HOST', env)).toBe('0.0.0.0');
    const apiPort = portSetting('API_PORT', env);
    expect(publishedPorts('shenguan-api')).toContainEqual({ published: apiPort, target: apiPort });
  });

  it('publishes the Web UI on the default TEMPORAL_UI_PORT, where TEMPORAL_UI_URL points', () => {
    const uiPort = Number(settingDefault('TEMPORAL_UI_PORT'));
    const uiPorts = publishedPorts('temporal-ui');
    // temporalio/ui listens on 8080 inside its container.
    expect(uiPorts).toContainEqual({ published: uiPort, target: 8080 });
    for (const app of apps) {
      const url = new URL(envValue(app, 'TEMPORAL_UI_URL'));
      expect(url.hostname, `${app} TEMPORAL_UI_URL`).toBe('localhost');
      expect(Number(url.port), `${app} TEMPORAL_UI_URL`).toBe(uiPort);
    }
  });

  it('opens sealed payloads in the UI through the API’s codec endpoint, for the UI’s origin only', () => {
    const api = environment('shenguan-api');
    const endpoint = new URL(envValue('temporal-ui', 'TEMPORAL_CODEC_ENDPOINT'));
    expect(endpoint.pathname).toBe('/codec');
    expect(Number(endpoint.port)).toBe(publishedPorts('shenguan-api')[0]!.published);
    // The ops sign-in cookie rides on the UI's calls: same host name as the UI, credentials included.
    expect(endpoint.hostname).toBe(new URL(envValue('shenguan-api', 'TEMPORAL_UI_URL')).hostname);
    expect(envValue('temporal-ui', 'TEMPORAL_CODEC_INCLUDE_CREDENTIALS')).toBe('true');
    expect(envValue('shenguan-api', 'CODEC_CORS_ORIGIN')).toBe(new URL(setting('TEMPORAL_UI_URL', api)!).origin);
  });

  it('publishes the Temporal frontend on its usual port 7233', () => {
    const frontendPort = hostPort(settingDefault('TEMPORAL_ADDRESS')).port;
    expect(frontendPort).toBe(7233);
    expect(publishedPorts('temporal')).toContainEqual({ published: frontendPort, target: frontendPort });
  });

  it('points TEMPORAL_ADDRESS of the app, the UI and the admin tools at the temporal service', () => {
    const address = envValue('shenguan-api', 'TEMPORAL_ADDRESS');
    const { host, port } = hostPort(address);
    expect(host).toBe('temporal');
    expect(publishedPorts('temporal').map((p) => p.target)).toContain(port);
    expect(envValue('temporal-ui', 'TEMPORAL_ADDRESS')).toBe(address);
    expect(envValue('temporal-admin-tools', 'TEMPORAL_ADDRESS')).toBe(address);
  });

  it('registers exactly the search attributes of workflows/search-attributes.ts, in the app namespace', () => {
    const namespace = envValue('shenguan-api', 'TEMPORAL_NAMESPACE');
    const command = commandText('temporal-admin-tools');
    const registered: string[] = [];
    for (const line of command.split('\n')) {
      const pair = /--name\s+(\S+)\s+--type\s+(\S+)/.exec(line);
      if (!pair) continue;
      registered.push(`${pair[1]} ${pair[2]}`);
      // Each registration names its namespace explicitly.
      expect(/--namespace\s+(\S+)/.exec(line)?.[1], line.trim()).toBe(namespace);
    }
    const expected = caseSearchAttributes.map((key) => `${key.name} ${cliTypeName[key.type]}`);
    expect([...registered].sort()).toEqual([...expected].sort());
    expect(new Set(registered).size, 'registered twice').toBe(registered.length);

    // Every namespace the job touches (the namespace check/creation too) is the app's.
    const namespaces = [...command.matchAll(/--namespace\s+(\S+)/g)].map((m) => m[1]);
    expect(namespaces.length).toBeGreaterThan(0);
    expect(new Set(namespaces)).toEqual(new Set([namespace]));
  });

  it('starts the API and the worker only once the search attributes are registered', () => {
    expect(dependsOn('temporal-admin-tools')).toHaveProperty('temporal');
    for (const app of apps) {
      expect(dependsOn(app), app).toMatchObject({ 'temporal-admin-tools': 'service_completed_successfully' });
    }
  });

  it('points DATABASE_URL at the postgresql service, on a database and role created there', () => {
    const url = new URL(envValue('shenguan-api', 'DATABASE_URL'));
    expect(['postgres:', 'postgresql:']).toContain(url.protocol);
    expect(url.hostname).toBe('postgresql');
    expect(Number(url.port || 5432)).toBe(5432);
    const database = decodeURIComponent(url.pathname.slice(1));
    const role = decodeURIComponent(url.username);
    expect(database).not.toBe('');
    expect(role).not.toBe('');

    // The one-shot job that creates the database runs against postgresql and before the app.
    const creators = Object.keys(services).filter((name) =>
      new RegExp(`CREATE DATABASE ${database}\\b`).test(commandText(name)),
    );
    expect(creators, `a service creating database ${database}`).toHaveLength(1);
    const creator = creators[0] as string;
    expect(commandText(creator)).toMatch(new RegExp(`CREATE ROLE ${role}\\b`));
    expect(dependsOn(creator)).toMatchObject({ postgresql: 'service_healthy' });
    for (const app of apps) {
      expect(dependsOn(app), app).toMatchObject({ [creator]: 'service_completed_successfully' });
    }
  });

  it('runs Postgres 16 on a named volume with a pg_isready health check', () => {
    const postgresql = service('postgresql');
    expect(postgresql.image).toMatch(/^postgres:16\b/);
    const dataVolume = (postgresql.volumes ?? []).some((volume) =>
      typeof volume === 'string'
        ? /^[A-Za-z0-9][\w.-]*:\/var\/lib\/postgresql\/data$/.test(volume)
        : volume.type === 'volume' && volume.target === '/var/lib/postgresql/data',
    );
    expect(dataVolume).toBe(true);
    expect([postgresql.healthcheck?.test ?? []].flat().join(' ')).toContain('pg_isready');
  });
});
