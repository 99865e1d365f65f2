// Token lifetimes as people write them: a whole number and a unit (90s, 15m, 8h, 7d).

const unitSeconds = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

/** Seconds of a duration like `8h`; a leading minus (a token already expired, in tests) is kept. */
export function durationSeconds(text: string): number {
  const match = /^(-?\d+)\s*([smhd])$/.exec(text.trim());
  if (!match) throw new Error(`not a duration: ${JSON.stringify(text)} (use a number and s, m, h or d, e.g. 8h)`);
  return Number(match[1]) * unitSeconds[match[2] as keyof typeof unitSeconds];
}
