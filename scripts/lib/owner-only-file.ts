// Tokens handed to the person who started the system go to a file only they can read, never to
// stdout: stdout carries the JSON logs, and wherever those are collected a token would go too.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes a file readable and writable by its owner only (0600). An existing file is removed first:
 * a mode applies only when a file is created, and an older copy may have been readable by others.
 */
export function writeOwnerOnlyFile(path: string, text: string): string {
  mkdirSync(dirname(path), { recursive: true });
  rmSync(path, { force: true });
  // wx: fails rather than write through a file someone put there since the removal.
  writeFileSync(path, text, { mode: 0o600, flag: 'wx' });
  return path;
}
