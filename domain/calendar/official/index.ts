// The official arrangements the product ships with. A year published later is loaded by an admin
// (validated by validateYearArrangement) and passed to createCalendar beside these.
import type { YearArrangement } from '../types.js';
import { arrangement2025 } from './2025.js';
import { arrangement2026 } from './2026.js';

/** Built-in official arrangements, oldest first. */
export const builtInArrangements: readonly YearArrangement[] = [arrangement2025, arrangement2026];
