// The auditors' spot-check draw (随机抽查, D 四 2): reproducible from its seed.
import { describe, expect, it } from 'vitest';
import { drawSample, hash53, sampleRank } from '../../domain/spot-sample.js';

const caseNos = Array.from({ length: 40 }, (_, i) => `LYG-2026-${String(i + 1).padStart(4, '0')}`);

describe('hash53 (cyrb53)', () => {
  it('gives the published cyrb53 values, so anyone can re-run a draw with another implementation', () => {
    // The values the algorithm's author lists for these inputs (seed 0).
    expect(hash53('a')).toBe(7929297801672961);
    expect(hash53('b')).toBe(8684336938537663);
    expect(hash53('revenge')).toBe(4051478007546757);
    expect(hash53('revenue')).toBe(8309097637345594);
  });
});

describe('drawSample', () => {
  it('draws the same cases for the same seed, whatever order the candidates come in', () => {
    const drawn = drawSample(caseNos, 'audit-2026-h1', 5);
    expect(drawn).toHaveLength(5);
    expect(drawSample([...caseNos].reverse(), 'audit-2026-h1', 5)).toEqual(drawn);
    // Draw order is rank order: the first drawn has the lowest rank of all candidates.
    const ranks = drawn.map((c) => sampleRank('audit-2026-h1', c));
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    expect(Math.min(...caseNos.map((c) => sampleRank('audit-2026-h1', c)))).toBe(ranks[0]);
  });

  it('draws other cases for another seed', () => {
    expect(drawSample(caseNos, 'audit-2026-h2', 5)).not.toEqual(drawSample(caseNos, 'audit-2026-h1', 5));
  });

  it("keeps a case drawn when another candidate is dropped (a rank does not depend on the others)", () => {
    const drawn = drawSample(caseNos, 's', 5);
    const notDrawn = caseNos.find((c) => !drawn.includes(c))!;
    expect(drawSample(caseNos.filter((c) => c !== notDrawn), 's', 5)).toEqual(drawn);
  });

  it('draws every candidate once when asked for more, and none for size 0', () => {
    expect(drawSample(['B', 'A', 'A'], 's', 10).sort()).toEqual(['A', 'B']);
    expect(drawSample(caseNos, 's', 0)).toEqual([]);
  });
});
