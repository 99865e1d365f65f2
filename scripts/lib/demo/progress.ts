// A one-line progress bar: redrawn in place on a terminal, a line per quarter otherwise (logs, CI).

/** A progress bar on a stream. */
export interface ProgressBar {
  update(done: number, total: number): void;
  /** Ends the line. */
  finish(): void;
}

const WIDTH = 30;

/** A bar labelled `label` on `stream` (default stderr, so that stdout keeps only the summary). */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  let lastQuarter = -1;
  let drawn = false;
  return {
    update(done, total) {
      const share = total === 0 ? 1 : Math.min(1, done / total);
      const text = `${label} [${'█'.repeat(Math.round(share * WIDTH)).padEnd(WIDTH, '░')}] ${String(done).padStart(String(total).length)}/${total} ${String(Math.round(share * 100)).padStart(3)}%`;
      if (stream.isTTY) {
        stream.write(`\r${text}`);
        drawn = true;
      } else if (Math.floor(share * 4) > lastQuarter) {
        lastQuarter = Math.floor(share * 4);
        stream.write(`${text}\n`);
      }
    },
    finish() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}
