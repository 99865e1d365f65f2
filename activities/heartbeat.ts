// Heartbeats for an activity that waits on something outside (the licence service): while it
// waits, it tells Temporal every second that its worker is alive, so the activity's short
// heartbeat timeout (workflows/activities.ts) — not its long start-to-close timeout — is what
// notices a worker that died, and another worker retries it within seconds.
import { Context } from '@temporalio/activity';

/** How often a waiting activity heartbeats; the SDK sends at most one per 80 % of the heartbeat timeout. */
export const HEARTBEAT_EVERY_MS = 1000;

function activityContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    // Called outside an activity (a test or a script calling the function itself): nobody to tell.
    return undefined;
  }
}

/** Runs `work`, heartbeating while it runs when called as an activity. */
export async function heartbeating<T>(work: () => Promise<T>, everyMs = HEARTBEAT_EVERY_MS): Promise<T> {
  const context = activityContext();
  if (!context) return work();
  context.heartbeat();
  const timer = setInterval(() => context.heartbeat(), everyMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
