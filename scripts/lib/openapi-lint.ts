// `redocly lint` with the recommended rules (redocly.yaml) on an OpenAPI document.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

/** One problem redocly found. */
export interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: { pointer: string }[];
}

/** What `redocly lint` says of a document. */
export interface LintReport {
  totals: { errors: number; warnings: number };
  problems: LintProblem[];
}

const cli = join(dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json')), 'bin/cli.js');
const repoRoot = new URL('../../', import.meta.url);

/** Lints a document as `redocly lint` does from the repository root, where redocly.yaml is. */
export async function lintOpenApi(document: unknown): Promise<LintReport> {
  const dir = await mkdtemp(join(tmpdir(), 'shenguan-openapi-'));
  try {
    const file = join(dir, 'openapi.json');
    await writeFile(file, JSON.stringify(document, null, 2));
    // Exit code 1 means errors were found: the report says which, so read it either way.
    const { stdout } = await promisify(execFile)(process.execPath, [cli, 'lint', file, '--format=json'], {
      cwd: repoRoot,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      maxBuffer: 16 * 1024 * 1024,
    }).catch((error: { stdout?: string }) => {
      if (!error.stdout) throw error;
      return { stdout: error.stdout };
    });
    return JSON.parse(stdout) as LintReport;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A problem as one line: severity, rule, where, what. */
export const problemLine = (p: LintProblem) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer ?? ''}: ${p.message}`;
