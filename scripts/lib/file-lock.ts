// A cross-process lock made of a directory: creating it is atomic on every local file system,
// so whoever creates it holds the lock. Used to keep concurrent installs (vitest workers, two
// terminals) from writing the same cache entry at once.
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Tuning of withFileLock; the defaults suit installs that take up to several minutes. */
export interface FileLockOptions {
  /** Give up waiting after this long (default 30 minutes). */
  timeoutMs?: number;
  /** A lock whose holder has not refreshed it for this long is broken (default 15 minutes). */
  staleMs?: number;
  /** How often to look again while waiting (default 200 ms). */
  pollMs?: number;
}

interface Owner {
  pid: number;
  host: string;
  token: string;
  since: string;
}

const OWNER_FILE = 'owner.json';

/** Runs fn while holding the lock directory lockDir, waiting (bounded) for other holders first. */
export async function withFileLock<T>(lockDir: string, fn: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const { timeoutMs = 30 * 60_000, staleMs = 15 * 60_000, pollMs = 200 } = options;
  const token = randomUUID();
  const deadline = Date.now() + timeoutMs;
  await mkdir(dirname(lockDir), { recursive: true });
  while (!(await tryAcquire(lockDir, token))) {
    await breakIfStale(lockDir, staleMs);
    if (Date.now() > deadline) {
      const owner = await readOwner(lockDir);
      throw new Error(`timed out after ${timeoutMs} ms waiting for lock ${lockDir} (held by ${JSON.stringify(owner)})`);
    }
    await sleep(pollMs);
  }
  // Refresh the owner file's mtime so a long but live install is not taken for a stale lock.
  const ownerFile = join(lockDir, OWNER_FILE);
  const heartbeat = setInterval(() => {
    const now = new Date();
    utimes(ownerFile, now, now).catch(() => undefined);
  }, Math.max(1000, Math.floor(staleMs / 4)));
  heartbeat.unref();
  try {
    return await fn();
  } finally {
    clearInterval(heartbeat);
    await release(lockDir, token);
  }
}

/** Creates the lock with its owner file already inside, so no one ever sees a lock without an owner. */
async function tryAcquire(lockDir: string, token: string): Promise<boolean> {
  const staging = await mkdtemp(`${lockDir}.new-`);
  const owner: Owner = { pid: process.pid, host: hostname(), token, since: new Date().toISOString() };
  await writeFile(join(staging, OWNER_FILE), JSON.stringify(owner));
  try {
    // rename() onto an existing non-empty directory fails, which is what makes this atomic.
    await rename(staging, lockDir);
    return true;
  } catch (error) {
    if (!isCode(error, 'ENOTEMPTY', 'EEXIST')) throw error;
    return false;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function release(lockDir: string, token: string): Promise<void> {
  // Only remove our own lock: if it was broken as stale, someone else may hold it now.
  if ((await readOwner(lockDir))?.token !== token) return;
  await removeDir(lockDir);
}

/** Breaks the lock if its holder died (same host) or stopped refreshing it for staleMs. */
async function breakIfStale(lockDir: string, staleMs: number): Promise<void> {
  const seen = await readOwner(lockDir);
  if (seen === undefined || !(await isStale(lockDir, seen, staleMs))) return;
  // A second, short-lived lock serialises breakers: without it, a slow breaker could remove
  // the fresh lock that a faster one has just taken after breaking the stale one.
  const breaker = `${lockDir}.break`;
  try {
    await mkdir(breaker);
  } catch (error) {
    if (!isCode(error, 'EEXIST')) throw error;
    const since = (await stat(breaker).catch(() => undefined))?.mtimeMs ?? Date.now();
    if (Date.now() - since > 30_000) await rm(breaker, { recursive: true, force: true }); // its breaker crashed
    return;
  }
  try {
    const now = await readOwner(lockDir);
    if (now?.token === seen.token && (await isStale(lockDir, now, staleMs))) await removeDir(lockDir);
  } finally {
    await rm(breaker, { recursive: true, force: true });
  }
}

async function isStale(lockDir: string, owner: Owner, staleMs: number): Promise<boolean> {
  if (owner.host === hostname() && !isAlive(owner.pid)) return true;
  const refreshed = await stat(join(lockDir, OWNER_FILE)).catch(() => undefined);
  return refreshed !== undefined && Date.now() - refreshed.mtimeMs > staleMs;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return !isCode(error, 'ESRCH'); // EPERM: alive, owned by another user
  }
}

async function readOwner(lockDir: string): Promise<Owner | undefined> {
  try {
    return JSON.parse(await readFile(join(lockDir, OWNER_FILE), 'utf8')) as Owner;
  } catch {
    return undefined;
  }
}

/** Moves a directory aside before deleting it, so its path is free at once and never half-deleted. */
async function removeDir(dir: string): Promise<void> {
  const aside = join(dirname(dir), `.${basename(dir)}.gone-${randomUUID()}`);
  try {
    await rename(dir, aside);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return;
    throw error;
  }
  await rm(aside, { recursive: true, force: true });
}

function isCode(error: unknown, ...codes: string[]): boolean {
  return codes.includes((error as NodeJS.ErrnoException).code ?? '');
}
