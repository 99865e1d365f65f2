// The configuration table of the README and the settings the processes read stay one and the same.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { portSetting, settings } from '../../scripts/config.js';
import { temporalTarget } from '../../scripts/lib/temporal-connection.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The README's configuration table as name → default. */
function readmeTable(): Map<string, string> {
  const rows = readme.split('\n').filter((line) => /^\| `[A-Z][A-Z0-9_]*` \|/.test(line));
  return new Map(
    rows.map((line) => {
      const [, name, def] = line.split('|').map((cell) => cell.trim().replace(/^`|`$/g, ''));
      return [name!, def!];
    }),
  );
}

describe('configuration', () => {
  it('documents every setting in the README with its default, and nothing else', () => {
    const table = readmeTable();
    expect([...table.keys()].sort()).toEqual(settings.map((s) => s.name).sort());
    for (const s of settings) expect(table.get(s.name), s.name).toBe(s.default ?? 'unset');
  });

  it('refuses a port that is not a port', () => {
    expect(portSetting('API_PORT', { API_PORT: '8080' })).toBe(8080);
    expect(() => portSetting('API_PORT', { API_PORT: 'http' })).toThrow(/API_PORT must be a port number/);
  });
});

describe('temporalTarget', () => {
  it('reaches the local dev server without TLS by default', () => {
    expect(temporalTarget({})).toEqual({ address: 'localhost:7233', namespace: 'default', taskQueue: 'shenguan-cases' });
  });

  it('turns TLS on for an API key', () => {
    expect(temporalTarget({ TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233', TEMPORAL_API_KEY: 'k' })).toMatchObject({
      address: 'ns.acct.tmprl.cloud:7233',
      tls: true,
      apiKey: 'k',
    });
  });

  it('reads an mTLS client pair and a CA from files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shenguan-tls-'));
    for (const f of ['crt', 'key', 'ca']) writeFileSync(join(dir, f), `-----${f}-----`);
    const target = temporalTarget({ TEMPORAL_TLS_CERT: join(dir, 'crt'), TEMPORAL_TLS_KEY: join(dir, 'key'), TEMPORAL_TLS_CA: join(dir, 'ca') });
    expect(target.tls).toEqual({
      clientCertPair: { crt: Buffer.from('-----crt-----'), key: Buffer.from('-----key-----') },
      serverRootCACertificate: Buffer.from('-----ca-----'),
    });
  });

  it('refuses a certificate without its key', () => {
    expect(() => temporalTarget({ TEMPORAL_TLS_CERT: '/x.pem' })).toThrow(/must be set together/);
  });
});
