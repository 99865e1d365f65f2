// The loop every relay of the worker process runs: a pass, again at once while the pass says more
// is waiting, else after a pause; stopping ends it after the pass under way.

/** A running loop. */
export interface RelayLoop {
  /** Ends the loop after the pass under way. */
  stop(): Promise<void>;
}

/** Runs `pass` until stopped; a pass answers whether more is waiting. It handles its own failures. */
export function startRelayLoop(pass: () => Promise<boolean>, intervalMs: number): RelayLoop {
  let stopped = false;
  let wake: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  const loop = async () => {
    while (!stopped) {
      const more = await pass();
      if (more || stopped) continue;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, intervalMs);
      });
    }
  };
  const running = loop();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      wake?.();
      await running;
    },
  };
}
