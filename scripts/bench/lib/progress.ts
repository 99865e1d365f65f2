// A one-line progress bar on stderr: redrawn in place on a terminal, a line every tenth otherwise
// (so a log file gets eleven lines, not thousands).

/** A progress bar for `total` units. */
export interface Progress {
  /** Sets how many units are done. */
  update(done: number): void;
  /** Draws the final state and ends the line. */
  finish(): void;
}

const WIDTH = 30;

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${seconds.toFixed(0)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/** Starts a progress bar. */
export function progressBar(total: number, unit: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = process.hrtime.bigint();
  const tty = stream.isTTY === true;
  let lastTenth = -1;
  let done = 0;
  const render = () => {
    const fraction = total === 0 ? 1 : Math.min(1, done / total);
    const filled = Math.round(fraction * WIDTH);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const eta = fraction > 0 && fraction < 1 ? ` · ETA ${duration((seconds / fraction) * (1 - fraction))}` : '';
    return `[${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} ${unit} · ${duration(seconds)}${eta}`;
  };
  return {
    update(value) {
      done = value;
      if (tty) {
        stream.write(`\r${render()}\x1b[K`);
        return;
      }
      const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
      if (tenth !== lastTenth) {
        lastTenth = tenth;
        stream.write(`${render()}\n`);
      }
    },
    finish() {
      done = total;
      stream.write(tty ? `\r${render()}\x1b[K\n` : lastTenth === 10 ? '' : `${render()}\n`);
    },
  };
}
