// The virus-scan hook every uploaded file passes before it is kept: clamd, when one is
// configured, reached over its UNIX socket with the INSTREAM command (the file's bytes are
// streamed, so clamd needs no access to our storage), or off.
import { createReadStream } from 'node:fs';
import { createConnection } from 'node:net';
import { setting } from '../../scripts/config.js';

/** A scanner's verdict on one file: clean, or the signature it matched. */
export type ScanVerdict = { clean: true } | { clean: false; signature: string };

/** Scans stored files for malware. A scanner that cannot decide throws rather than answering clean. */
export interface FileScanner {
  scan(path: string): Promise<ScanVerdict>;
  /** What scans: clamd, or off. */
  readonly name: string;
}

/** Milliseconds one scan may take, connecting and streaming included, before it fails. */
export const DEFAULT_CLAMD_TIMEOUT_MS = 30_000;

// Well under clamd's default StreamMaxLength (25 MB) per chunk, and large enough to stream fast.
const CHUNK_BYTES = 64 * 1024;

/** A scanner that streams each file to the clamd listening on `socketPath`. */
export function clamdScanner(socketPath: string, timeoutMs = DEFAULT_CLAMD_TIMEOUT_MS): FileScanner {
  return {
    name: 'clamd',
    async scan(path) {
      return verdict(await instream(socketPath, path, timeoutMs));
    },
  };
}

/**
 * Scanning off (CLAMD_SOCKET unset): every file counts as clean. For development and for sites
 * that scan at the gateway; the name lets the server log which it runs with.
 */
export const scanningOff: FileScanner = {
  name: 'off',
  scan: () => Promise.resolve({ clean: true }),
};

/** The scanner the settings ask for: clamd at CLAMD_SOCKET, or off when it is unset. */
export function scannerFromEnv(env: NodeJS.ProcessEnv = process.env): FileScanner {
  const socketPath = setting('CLAMD_SOCKET', env);
  return socketPath ? clamdScanner(socketPath) : scanningOff;
}

/** clamd's reply as a verdict; any reply but OK or FOUND is a failure to scan, not a verdict. */
function verdict(reply: string): ScanVerdict {
  if (reply === 'stream: OK') return { clean: true };
  const found = /^stream: (.+) FOUND$/.exec(reply);
  if (found) return { clean: false, signature: found[1] as string };
  throw new Error(`clamd could not scan the file: ${reply}`);
}

/**
 * Streams a file to clamd (`zINSTREAM`, then chunks each behind its 4-byte big-endian length,
 * then a zero length) and resolves with its NUL-terminated reply. Bounded by `timeoutMs`: a
 * clamd that hangs, or a socket that never connects, fails the scan instead of holding the upload.
 */
function instream(socketPath: string, path: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(socketPath);
    const file = createReadStream(path, { highWaterMark: CHUNK_BYTES });
    let reply = Buffer.alloc(0);
    let settled = false;
    const settle = (error?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      file.destroy();
      const nul = reply.indexOf(0);
      if (error) reject(error);
      else resolve(reply.subarray(0, nul < 0 ? reply.length : nul).toString('utf8').trim());
    };
    const timer = setTimeout(() => settle(new Error(`clamd at ${socketPath} did not answer within ${timeoutMs} ms`)), timeoutMs);

    socket.on('data', (data: Buffer) => {
      reply = Buffer.concat([reply, data]);
      if (reply.includes(0)) settle();
    });
    // clamd may answer and hang up before the stream ends (a size limit, say): its reply is
    // then the answer, and the broken pipe on our side only its consequence.
    const hungUp = (cause?: Error): void => {
      if (reply.length > 0) settle();
      else settle(new Error(`clamd at ${socketPath} ${cause ? `failed: ${cause.message}` : 'closed the connection without answering'}`));
    };
    socket.on('error', hungUp);
    socket.on('close', () => hungUp());
    file.on('error', (error) => settle(new Error(`cannot read ${path} for scanning: ${error.message}`)));

    socket.on('connect', () => {
      socket.write('zINSTREAM\0');
      file.on('data', (chunk: Buffer | string) => {
        const data = Buffer.from(chunk);
        const length = Buffer.alloc(4);
        length.writeUInt32BE(data.length);
        socket.write(length);
        if (!socket.write(data)) {
          file.pause();
          socket.once('drain', () => file.resume());
        }
      });
      file.on('end', () => socket.write(Buffer.alloc(4)));
    });
  });
}
