// A real clamd for tests, with a signature database of our own: the official databases are not
// downloaded in tests, and a one-line .hdb (MD5 of a whole file) is all clamd needs to start.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** The clamd binary (Debian package clamav-daemon: /usr/sbin/clamd), or undefined when none is installed. */
export const clamdPath: string | undefined = [
  // Debian installs it outside a normal user's PATH.
  '/usr/sbin/clamd',
  ...(process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'clamd')),
].find((path) => existsSync(path));

/** A file clamd is to flag, under the signature name given. */
export interface TestSignature {
  name: string;
  content: Uint8Array | string;
}

/** A running clamd: where it listens, how long it took to start, and how to stop it. */
export interface RunningClamd {
  socketPath: string;
  startedInMs: number;
  stop(): Promise<void>;
}

/** Starts clamd in a temporary directory, flagging exactly the given files; resolves once it answers PING. */
export async function startClamd(signatures: readonly TestSignature[], options: { streamMaxLength?: string } = {}): Promise<RunningClamd> {
  if (!clamdPath) throw new Error('clamd is not installed (apt-get install clamav-daemon)');
  const dir = mkdtempSync(join(tmpdir(), 'clamd-'));
  mkdirSync(join(dir, 'db'));
  const hdb = signatures.map(({ name, content }) => {
    const bytes = Buffer.from(content);
    return `${createHash('md5').update(bytes).digest('hex')}:${bytes.length}:${name}`;
  });
  writeFileSync(join(dir, 'db', 'test.hdb'), `${hdb.join('\n')}\n`);
  const socketPath = join(dir, 'clamd.sock');
  const config = [
    `LocalSocket ${socketPath}`,
    `DatabaseDirectory ${join(dir, 'db')}`,
    `TemporaryDirectory ${dir}`,
    `PidFile ${join(dir, 'clamd.pid')}`,
    'Foreground yes',
    `StreamMaxLength ${options.streamMaxLength ?? '25M'}`,
  ];
  writeFileSync(join(dir, 'clamd.conf'), `${config.join('\n')}\n`);

  const started = performance.now();
  const child = spawn(clamdPath, [`--config-file=${join(dir, 'clamd.conf')}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await answersPing(socketPath, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { socketPath, startedInMs: Math.round(performance.now() - started), stop };
}

/** Polls the socket with PING until clamd answers PONG, failing if clamd exits or 30 s pass. */
async function answersPing(socketPath: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`clamd exited while starting:\n${output()}`);
    if (existsSync(socketPath) && (await ping(socketPath))) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`clamd did not answer PING within 30 s:\n${output()}`);
}

function ping(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(socketPath, () => socket.write('zPING\0'));
    let reply = '';
    socket.on('data', (d: Buffer) => {
      reply += d.toString();
      if (reply.includes('\0')) {
        socket.destroy();
        resolve(reply.startsWith('PONG'));
      }
    });
    socket.on('error', () => resolve(false));
    socket.on('close', () => resolve(false));
  });
}
