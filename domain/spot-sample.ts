// 随机抽查 (D 四 2): the auditors' sample of handled cases. Reproducible: the same seed and the same
// candidates always give the same cases, so a sample can be re-drawn and checked later; another
// seed gives another sample. Each candidate is ranked by a hash of seed + case number and the
// lowest `size` are taken — a candidate's rank does not depend on the others, so a case added
// to or dropped from the candidates never reshuffles the rest.

/** Letters a seed may use. */
export const SEED_PATTERN = '^[A-Za-z0-9_-]{1,64}$';

/**
 * cyrb53 (a public-domain 53-bit string hash): two 32-bit multiply–xorshift lanes. Not
 * cryptographic — the point is that anyone can re-run it — but well mixed, so ranks look random.
 */
export function hash53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** A candidate's rank under a seed: lower is drawn first. */
export const sampleRank = (seed: string, caseNo: string): number => hash53(`${seed}:${caseNo}`);

/** The `size` candidates drawn under `seed`, in draw order (ties, practically impossible, by case number). */
export function drawSample(caseNos: readonly string[], seed: string, size: number): string[] {
  return [...new Set(caseNos)]
    .map((caseNo) => ({ caseNo, rank: sampleRank(seed, caseNo) }))
    .sort((a, b) => a.rank - b.rank || (a.caseNo < b.caseNo ? -1 : a.caseNo > b.caseNo ? 1 : 0))
    .slice(0, Math.max(0, size))
    .map((c) => c.caseNo);
}
