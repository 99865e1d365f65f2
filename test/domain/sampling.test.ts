import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WEIGHTS,
  drawDepartment,
  samplingPlanProblems,
  seededRandom,
  shanghaiMonth,
  spotCheckCaseNo,
  uniformSample,
  weightedSample,
  type SamplingCandidate,
  type SamplingGrade,
} from '../../domain/sampling.js';

const byGrade = (item: { grade: SamplingGrade }) => DEFAULT_WEIGHTS[item.grade];

describe('seededRandom', () => {
  it('gives the same sequence for the same seed, another for another seed, always inside (0, 1)', () => {
    const take = (seed: string) => {
      const random = seededRandom(seed);
      return Array.from({ length: 5 }, () => random());
    };
    expect(take('双随机/2026-12/SCJGJ')).toEqual(take('双随机/2026-12/SCJGJ'));
    expect(take('双随机/2026-12/SCJGJ')).not.toEqual(take('双随机/2026-12/ZJJ'));
    fc.assert(
      fc.property(fc.string(), (seed) => {
        const random = seededRandom(seed);
        for (let i = 0; i < 20; i++) {
          const x = random();
          if (!(x > 0 && x < 1)) return false;
        }
        return true;
      }),
    );
  });

  it('is roughly uniform: 10 000 numbers put about 1 000 in each tenth', () => {
    const random = seededRandom('uniformity');
    const bins = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i++) bins[Math.floor(random() * 10)]!++;
    // Binomial(10 000, 0.1): mean 1 000, σ = √(10 000·0.1·0.9) = 30; ±150 is 5σ.
    for (const count of bins) expect(Math.abs(count - 1000)).toBeLessThan(150);
  });
});

describe('weightedSample', () => {
  it('draws grade D far more often than grade A with the default weights', () => {
    // One enterprise of each grade, weights A 0.5, B 1, C 2, D 4 (total W = 7.5), two drawn.
    // Successive weighted draws without replacement (what Efraimidis–Spirakis reproduces):
    // P(A drawn) = P(A first) + Σx P(x first)·P(A second | x gone)
    //            = 0.5/7.5 + (1/7.5)(0.5/6.5) + (2/7.5)(0.5/5.5) + (4/7.5)(0.5/3.5)
    //            = 0.0667 + 0.0103 + 0.0242 + 0.0762 = 0.1774
    // P(D drawn) = 4/7.5 + (0.5/7.5)(4/7) + (1/7.5)(4/6.5) + (2/7.5)(4/5.5)
    //            = 0.5333 + 0.0381 + 0.0821 + 0.1939 = 0.8474
    // Over 2 000 seeds: A ≈ 355 (σ = √(2000·0.1774·0.8226) ≈ 17), D ≈ 1695 (σ ≈ 16). ±5σ bounds.
    const population = (['A', 'B', 'C', 'D'] as const).map((grade) => ({ grade }));
    const counts: Record<SamplingGrade, number> = { A: 0, B: 0, C: 0, D: 0 };
    for (let i = 0; i < 2000; i++) {
      for (const item of weightedSample(population, byGrade, 2, seededRandom(`statistics-${i}`))) counts[item.grade]++;
    }
    expect(counts.A).toBeGreaterThan(355 - 85);
    expect(counts.A).toBeLessThan(355 + 85);
    expect(counts.D).toBeGreaterThan(1695 - 80);
    expect(counts.D).toBeLessThan(1695 + 80);
    expect(counts.D).toBeGreaterThan(counts.C);
    expect(counts.C).toBeGreaterThan(counts.B);
    expect(counts.B).toBeGreaterThan(counts.A);
    // Two drawn each time: the four counts add up to 4 000.
    expect(counts.A + counts.B + counts.C + counts.D).toBe(4000);
  });

  it('never draws weight 0, and draws distinct items, as many as asked or as there are', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom<SamplingGrade>('A', 'B', 'C', 'D'), { maxLength: 30 }), fc.nat(40), fc.string(), (grades, count, seed) => {
        const items = grades.map((grade, id) => ({ id, grade }));
        const weights = { A: 0, B: 1, C: 2, D: 4 };
        const drawn = weightedSample(items, (i) => weights[i.grade], count, seededRandom(seed));
        const eligible = items.filter((i) => i.grade !== 'A').length;
        expect(drawn).toHaveLength(Math.min(count, eligible));
        expect(new Set(drawn.map((i) => i.id)).size).toBe(drawn.length);
        expect(drawn.every((i) => i.grade !== 'A')).toBe(true);
        expect(weightedSample(items, (i) => weights[i.grade], count, seededRandom(seed))).toEqual(drawn);
      }),
    );
  });
});

describe('uniformSample', () => {
  it('draws distinct items from the pool, deterministically', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string(), { maxLength: 12 }), fc.nat(15), fc.string(), (pool, count, seed) => {
        const drawn = uniformSample(pool, count, seededRandom(seed));
        expect(drawn).toHaveLength(Math.min(count, pool.length));
        expect(new Set(drawn).size).toBe(drawn.length);
        expect(drawn.every((p) => pool.includes(p))).toBe(true);
        expect(uniformSample(pool, count, seededRandom(seed))).toEqual(drawn);
      }),
    );
  });

  it('gives every inspector the same chance', () => {
    // 2 of 4 people: each is in a pair with probability 2/4; over 4 000 seeds ≈ 2 000 each
    // (σ = √(4000·0.5·0.5) ≈ 32; ±160 is 5σ).
    const counts: Record<string, number> = { p1: 0, p2: 0, p3: 0, p4: 0 };
    for (let i = 0; i < 4000; i++) for (const p of uniformSample(['p1', 'p2', 'p3', 'p4'], 2, seededRandom(`pair-${i}`))) counts[p]!++;
    for (const count of Object.values(counts)) expect(Math.abs(count - 2000)).toBeLessThan(160);
  });
});

describe('drawDepartment', () => {
  const candidates: SamplingCandidate[] = [
    { creditCode: 'C1', grade: 'A', divisionCode: 'DIV-1' },
    { creditCode: 'C2', grade: 'D', divisionCode: 'DIV-1' },
    { creditCode: 'C3', grade: null, divisionCode: 'DIV-2' },
    { creditCode: 'C4', grade: 'C', divisionCode: 'DIV-2' },
    { creditCode: 'C5', grade: 'B', divisionCode: 'DIV-1' },
  ];
  const inspectorsByDivision = { 'DIV-1': ['p1', 'p2', 'p3'], 'DIV-2': ['q1'] };
  const plan = { enterprisesPerMonth: 3, inspectorsPerCheck: 2, weights: { ...DEFAULT_WEIGHTS } };
  const input = { month: '2026-12', deptCode: 'SCJGJ', plan, candidates, inspectorsByDivision, seed: '双随机/2026-12/SCJGJ/0123456789abcdef' };

  it('draws the planned number of enterprises with inspectors of their own division and numbered cases', () => {
    const draw = drawDepartment(input);
    expect(draw).toHaveLength(3);
    expect(draw.map((d) => d.caseNo)).toEqual(['SC-202612-SCJGJ-001', 'SC-202612-SCJGJ-002', 'SC-202612-SCJGJ-003']);
    expect(new Set(draw.map((d) => d.creditCode)).size).toBe(3);
    for (const d of draw) {
      expect(d.seed).toBe(input.seed);
      const pool = inspectorsByDivision[d.divisionCode as keyof typeof inspectorsByDivision];
      // DIV-2 has one person only: the check gets that one.
      expect(d.inspectors).toHaveLength(Math.min(2, pool.length));
      expect(d.inspectors.every((p) => pool.includes(p))).toBe(true);
      // Ungraded C3 weighs as B.
      expect(d.weight).toBe({ C1: 0.5, C2: 4, C3: 1, C4: 2, C5: 1 }[d.creditCode]);
    }
  });

  it('gives the same draw whatever order the population comes in', () => {
    expect(drawDepartment({ ...input, candidates: [...candidates].reverse() })).toEqual(drawDepartment(input));
  });

  it('draws nobody when the plan asks for none', () => {
    expect(drawDepartment({ ...input, plan: { ...plan, enterprisesPerMonth: 0 } })).toEqual([]);
  });
});

describe('rules and names', () => {
  it('refuses negative and all-zero weights and negative counts', () => {
    expect(samplingPlanProblems({ enterprisesPerMonth: 5, inspectorsPerCheck: 2, weights: { ...DEFAULT_WEIGHTS } })).toEqual([]);
    expect(samplingPlanProblems({ enterprisesPerMonth: 0, inspectorsPerCheck: 0, weights: { A: 0, B: 0, C: 0, D: 1 } })).toEqual([]);
    expect(samplingPlanProblems({ enterprisesPerMonth: 5, inspectorsPerCheck: 2, weights: { A: 0, B: 0, C: 0, D: 0 } }).map((p) => p.rule)).toEqual(['not-all-zero']);
    expect(samplingPlanProblems({ enterprisesPerMonth: -1, inspectorsPerCheck: -2, weights: { A: -1, B: 1, C: 1, D: 1 } }).map((p) => p.field)).toEqual([
      'weights/A',
      'enterprisesPerMonth',
      'inspectorsPerCheck',
    ]);
  });

  it('refuses weights the stored draw could not hold: other than 0, between 0.001 and 1000', () => {
    const weights = (A: number) => ({ enterprisesPerMonth: 1, inspectorsPerCheck: 1, weights: { A, B: 1, C: 1, D: 1 } });
    for (const bad of [1e-40, 0.0009, 1000.5, 1e308]) expect(samplingPlanProblems(weights(bad)).map((p) => p.rule), String(bad)).toEqual(['weight-range']);
    for (const good of [0, 0.001, 0.5, 1000]) expect(samplingPlanProblems(weights(good)), String(good)).toEqual([]);
  });

  it('names case numbers and months as staff read them', () => {
    expect(spotCheckCaseNo('2026-12', 'LYG-SCJGJ', 7)).toBe('SC-202612-LYG-SCJGJ-007');
    // 2026-11-30T16:00Z is midnight of 1 December in Shanghai.
    expect(shanghaiMonth(new Date('2026-11-30T15:59:59Z'))).toBe('2026-11');
    expect(shanghaiMonth(new Date('2026-11-30T16:00:00Z'))).toBe('2026-12');
  });
});
