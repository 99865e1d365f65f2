// The command line of `npm run chaos`: how many cases, how long each outage lasts, which ports the
// throw-away parts listen on (away from npm start's 3000 / 7233 / 8233 and a local Postgres).
import { flag, intOption } from '../bench/lib/timing.js';

/** What a run does. */
export interface ChaosOptions {
  cases: number;
  /** Seconds Postgres and Temporal stay down in their short and long outages. */
  shortSeconds: number;
  longSeconds: number;
  /** How often the worker is killed, and how many seconds it stays dead each time. */
  workerKills: number;
  workerDownSeconds: number;
  /** Seconds of ordinary running between two faults, so that each outage is measured apart. */
  gapSeconds: number;
  /** Seconds the cases get after the last fault to reach their end. */
  settleSeconds: number;
  /** Longest answer during an outage that still meets the goal (README, When a part is down). */
  answerLimitMs: number;
  ports: { api: number; temporal: number; postgres: number };
  quick: boolean;
}

/** Reads the options; --quick shortens outages and cases for a fast check of the script itself. */
export function chaosOptions(): ChaosOptions {
  const quick = flag('quick');
  return {
    quick,
    cases: intOption('cases', quick ? 40 : 200),
    shortSeconds: intOption('short', quick ? 5 : 20),
    longSeconds: intOption('long', quick ? 15 : 120),
    workerKills: intOption('worker-kills', quick ? 2 : 3),
    workerDownSeconds: intOption('worker-down', quick ? 3 : 5),
    gapSeconds: intOption('gap', quick ? 10 : 30),
    settleSeconds: intOption('settle', quick ? 180 : 300),
    answerLimitMs: intOption('answer-limit-ms', 10_000),
    ports: {
      api: intOption('api-port', Number(process.env.CHAOS_API_PORT ?? 3900)),
      temporal: intOption('temporal-port', Number(process.env.CHAOS_TEMPORAL_PORT ?? 7900)),
      postgres: intOption('pg-port', Number(process.env.CHAOS_PG_PORT ?? 55490)),
    },
  };
}
