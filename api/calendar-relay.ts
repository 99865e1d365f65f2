// The calendar relay: a loaded year reaches every running case with a provisional deadline even
// when the signals after the load were lost (Temporal away, the API process gone after the
// commit). The load stores a `calendar.year-loaded` event in the same transaction; whoever tells
// the cases — the API at once, or the worker's relay later — marks it processed only when no
// running case was missed. A case told twice recomputes to the same deadlines.
import type { FastifyBaseLogger } from 'fastify';
import { startRelayLoop, type RelayLoop } from '../activities/adapters/relay-loop.js';
import type { Db } from '../db/client.js';
import { markEventProcessed, pendingYearLoads, type PendingYearLoad } from '../db/calendar.js';
import { redactDatabaseError } from '../db/query-errors.js';
import { signalProvisionalCases, type SignalRound } from './case-signals.js';

/** What telling the cases of a load needs. */
export interface YearLoadContext {
  db: Db;
  temporal: Parameters<typeof signalProvisionalCases>[0];
  log: FastifyBaseLogger;
}

/** Tells the running cases of a loaded year, and marks the load processed when none was missed. */
export async function deliverYearLoad(ctx: YearLoadContext, load: PendingYearLoad): Promise<SignalRound> {
  const round = await signalProvisionalCases(ctx.temporal, ctx.log, load.year);
  if (round.missed === 0) await markEventProcessed(ctx.db, load.eventId);
  return round;
}

/**
 * How long the relay leaves a fresh load to the API that stored it, which tells the cases at
 * once: past it the load was not delivered (or a case was missed) and the relay takes it.
 */
export const RELAY_GRACE_MS = 60_000;

/** What one pass did: loads delivered, and loads left for the next pass. */
export interface CalendarRelayPass {
  delivered: number;
  pending: number;
}

/** Delivers every load older than the grace at `now` (the relay's clock: tests pass one). */
export async function relayYearLoads(ctx: YearLoadContext, now: Date = new Date()): Promise<CalendarRelayPass> {
  const loads = await pendingYearLoads(ctx.db, new Date(now.getTime() - RELAY_GRACE_MS).toISOString());
  let delivered = 0;
  for (const load of loads) {
    try {
      const round = await deliverYearLoad(ctx, load);
      if (round.missed === 0) delivered += 1;
    } catch (error) {
      // Temporal away: the load stays pending for the next pass.
      ctx.log.warn({ year: load.year, err: error }, 'calendar relay: could not tell the cases');
    }
  }
  return { delivered, pending: loads.length - delivered };
}

/** Runs relay passes every `intervalMs` until stopped; loads are rare, so a pass is one small query. */
export function startCalendarRelay(ctx: YearLoadContext, intervalMs = 30_000): RelayLoop {
  return startRelayLoop(async () => {
    try {
      const pass = await relayYearLoads(ctx);
      if (pass.delivered > 0) ctx.log.info(pass, 'calendar relay: loaded years delivered to the cases');
    } catch (error) {
      // The database is away: the next pass tries again; no values of the query in the log.
      ctx.log.warn({ err: redactDatabaseError(error) }, 'calendar relay pass failed');
    }
    // Loads left pending wait for the next pause: Temporal, or a case, is not answering now.
    return false;
  }, intervalMs);
}
