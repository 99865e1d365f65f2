// `npm start` and `npm run demo` hand out tokens: never on stdout (it carries the JSON logs), in
// files only their owner can read; and they refuse to start on a weak secret.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { formatSummary, tokensFileText, type DemoTally, type SummaryToken } from '../../scripts/lib/demo/summary.js';
import { writeOwnerOnlyFile } from '../../scripts/lib/owner-only-file.js';
import { formatStartBanner } from '../../scripts/lib/start-banner.js';
import { devServerArgs } from '../../scripts/lib/dev-server.js';
import { startSystem } from '../../scripts/lib/system.js';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsb2NhbC1hZG1pbiJ9.c2lnbmF0dXJl';
const tempDir = () => mkdtempSync(join(tmpdir(), 'shenguan-start-'));
const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('the token files', () => {
  it('are readable by their owner only, even where a readable file was before', () => {
    const path = join(tempDir(), 'admin-token');
    writeFileSync(path, 'old', { mode: 0o644 });
    expect(writeOwnerOnlyFile(path, `${TOKEN}\n`)).toBe(path);
    expect(modeOf(path)).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toBe(`${TOKEN}\n`);
  });

  it('are named by the start banner, which holds no token', () => {
    const banner = formatStartBanner({
      apiUrl: 'http://127.0.0.1:3000',
      uiUrl: 'http://localhost:8233',
      codecUrl: 'http://localhost:3000/codec',
      temporal: { address: 'localhost:7233', namespace: 'default', taskQueue: 'shenguan-cases' },
      pgliteDir: '/srv/.data/pglite',
      adminTokenFile: '/srv/.data/admin-token',
    });
    expect(banner).toContain('/srv/.data/admin-token');
    expect(banner).toContain('$(cat /srv/.data/admin-token)');
    expect(banner).not.toMatch(/eyJ/);
    expect(banner).toContain('http://localhost:3000/codec/sign-in');
    // The local Web UI is started with that codec endpoint.
    const args = devServerArgs({ cliPath: 'temporal', port: 7233, uiPort: 8233, uiCodecEndpoint: 'http://localhost:3000/codec' });
    expect(args.join(' ')).toContain('--ui-codec-endpoint http://localhost:3000/codec');
  });

  it('hold the demo tokens as shell variables, and the demo summary names the file only', () => {
    const tokens: SummaryToken[] = [{ who: '考核 auditor', variable: 'AUDITOR_TOKEN', token: TOKEN, tryPath: '/api/cases/X' }];
    expect(tokensFileText(tokens)).toBe(`# 考核 auditor\nAUDITOR_TOKEN=${TOKEN}\n`);
    const tally: DemoTally = { cases: 0, failed: [], byMode: {}, byStage: {}, byOutcome: {}, tasksByStatus: {}, overdueDeadlines: 0, escalations: 0, pendingDecisions: 0, views: new Map() };
    const summary = formatSummary(tally, [], {
      runLabel: 'run',
      apiUrl: 'http://127.0.0.1:3000',
      uiUrl: 'http://localhost:8233',
      namespace: 'default',
      caseNoPrefix: 'D1',
      showcase: undefined,
      tokens,
      tokensFile: '/srv/.data/demo/tokens.env',
    });
    expect(summary).toContain('/srv/.data/demo/tokens.env');
    expect(summary).toContain('Bearer $AUDITOR_TOKEN');
    expect(summary).not.toContain(TOKEN);
  });
});

describe('starting the system', () => {
  it('refuses a JWT_SECRET under 32 bytes before it starts anything', async () => {
    const dataDir = tempDir();
    await expect(startSystem({ logger: pino({ level: 'silent' }), dataDir, env: { JWT_SECRET: 'secret-of-twenty-bytes' } })).rejects.toThrow(/JWT_SECRET has 22 bytes; at least 32/);
    // No dev server, database or token file was made.
    expect(() => statSync(join(dataDir, 'temporal.db'))).toThrow();
    expect(() => statSync(join(dataDir, 'admin-token'))).toThrow();
  });
});
