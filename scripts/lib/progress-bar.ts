// A one-line progress bar on a stream (stderr by default, so that stdout keeps only the results):
// redrawn in place on a terminal with the time taken and left, a line every tenth otherwise (a
// log file gets eleven lines, not thousands). The demo and the benchmarks draw with it.

/** A progress bar. */
export interface ProgressBar {
  /** How many of `total` are done. */
  update(done: number, total: number): void;
  /** Draws the last state and ends the line. */
  finish(): void;
}

const WIDTH = 30;

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${seconds.toFixed(0)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/** A bar labelled `label`, its clock started now. */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  const started = process.hrtime.bigint();
  const tty = stream.isTTY === true;
  let lastTenth = -1;
  let printedDone: number | undefined;
  let state = { done: 0, total: 0 };
  const render = () => {
    const { done, total } = state;
    const fraction = total === 0 ? 1 : Math.min(1, done / total);
    const filled = Math.round(fraction * WIDTH);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const eta = fraction > 0 && fraction < 1 ? ` · ETA ${duration((seconds / fraction) * (1 - fraction))}` : '';
    return `${label} [${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} · ${duration(seconds)}${eta}`;
  };
  let drawn = false;
  return {
    update(done, total) {
      state = { done, total };
      drawn = true;
      if (tty) {
        stream.write(`\r${render()}\x1b[K`);
        return;
      }
      const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
      if (tenth !== lastTenth) {
        lastTenth = tenth;
        printedDone = done;
        stream.write(`${render()}\n`);
      }
    },
    finish() {
      if (!drawn) return;
      if (tty) stream.write(`\r${render()}\x1b[K\n`);
      else if (printedDone !== state.done) stream.write(`${render()}\n`);
    },
  };
}
