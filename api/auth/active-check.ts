// Whether a token's account is deactivated, remembered a short while per (sub, region): most
// requests need no database read for it, and while the database is briefly down a caller checked
// lately is still let through, so routes that need only Temporal keep working. A change of
// `active` drops the entry at once: in this process by `forget`, which the people routes call, and
// in every other API process by the notification db/people.ts sends with the change.
import { outageOf } from '../outages.js';

/** How long an answer is used without asking the database again (while notifications arrive). */
export const ACTIVE_CHECK_TTL_MS = 30_000;
/** How old an answer may be and still be used when the database is down. */
export const ACTIVE_CHECK_GRACE_MS = 120_000;
// Accounts are few, but a bound keeps a flood of distinct (valid) tokens from growing the map.
const MAX_ENTRIES = 10_000;

/** The remembered active check of the access hook. */
export interface ActiveCheck {
  isDeactivated(sub: string, region: string): Promise<boolean>;
  /** Drops what is remembered of one account: its `active` changed. */
  forget(sub: string, region: string): void;
  /**
   * Whether changes made by other processes are heard. Until they are, and again when listening
   * resumes after a lost connection (changes meanwhile were missed), nothing remembered is used
   * while the database answers.
   */
  setListening(on: boolean): void;
}

/** A cache in front of `read`, the database's answer. */
export function createActiveCheck(read: (sub: string, region: string) => Promise<boolean>): ActiveCheck {
  // In insertion order, which is age order: every answer is re-inserted when stored.
  const entries = new Map<string, { deactivated: boolean; at: number }>();
  // Bumped by every forget: a read that began before one does not store its (maybe stale) answer.
  let generation = 0;
  let listening = false;
  const keyOf = (sub: string, region: string) => `${sub}|${region}`;

  function remember(key: string, deactivated: boolean): void {
    const now = Date.now();
    entries.delete(key);
    entries.set(key, { deactivated, at: now });
    for (const [oldest, entry] of entries) {
      if (entries.size <= MAX_ENTRIES && now - entry.at < ACTIVE_CHECK_GRACE_MS) break;
      entries.delete(oldest);
    }
  }

  return {
    async isDeactivated(sub, region) {
      const key = keyOf(sub, region);
      const fresh = entries.get(key);
      if (listening && fresh && Date.now() - fresh.at < ACTIVE_CHECK_TTL_MS) return fresh.deactivated;
      const started = generation;
      try {
        const deactivated = await read(sub, region);
        if (generation === started) remember(key, deactivated);
        return deactivated;
      } catch (error) {
        // Read again: an entry forgotten meanwhile is not used.
        const remembered = entries.get(key);
        if (remembered && outageOf(error) === 'database' && Date.now() - remembered.at < ACTIVE_CHECK_GRACE_MS) return remembered.deactivated;
        throw error;
      }
    },
    forget(sub, region) {
      generation += 1;
      entries.delete(keyOf(sub, region));
    },
    setListening(on) {
      generation += 1;
      listening = on;
      if (on) entries.clear();
    },
  };
}
