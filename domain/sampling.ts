// Credit-graded 双随机 sampling (L12, 分级分类): each month a supervising department draws
// enterprises to spot-check, weighted by credit grade, and for each a pair of inspectors of the
// division in charge. Pure and seeded: the same seed and the same population give the same draw
// on any machine, so an auditor can reproduce a published draw (一公开).

/** Credit grades, best first: A 守信, B 基本守信, C 失信, D 严重失信 (as db/schema/supervision-records.ts). */
export const samplingGrades = ['A', 'B', 'C', 'D'] as const;
/** One credit grade. */
export type SamplingGrade = (typeof samplingGrades)[number];
/** Relative draw weight per grade. */
export type GradeWeights = Record<SamplingGrade, number>;

/**
 * Weights when a department set none: good credit is checked half as often as an ordinary
 * enterprise, 失信 twice and 严重失信 four times as often (分级分类: 信用好的降低抽查比例和频次，
 * 失信的提高). Ungraded enterprises weigh as B.
 */
export const DEFAULT_WEIGHTS: Readonly<GradeWeights> = { A: 0.5, B: 1, C: 2, D: 4 };
/** Inspectors per check when a department set none: 执法人员不少于两人. */
export const DEFAULT_INSPECTORS_PER_CHECK = 2;

/** Who starts the spot-check cases: the sampling run, in case timelines and the case numbers table. */
export const SAMPLING_STARTER = 'system:sampling';

/** How a department samples. */
export interface SamplingPlan {
  enterprisesPerMonth: number;
  inspectorsPerCheck: number;
  weights: GradeWeights;
}

/** One broken rule: which field, which rule, and what is wrong for staff (Chinese). */
export interface SamplingProblem {
  field: string;
  rule: string;
  message: string;
}

/**
 * The range of a weight other than 0: relative weights need no more, and the stored draw keeps each
 * weight in a single-precision column, which a weight far outside it would not fit (the draw would
 * fail on every retry).
 */
export const MIN_WEIGHT = 0.001;
/** The largest weight. */
export const MAX_WEIGHT = 1000;

/** Every rule a department's sampling plan breaks; empty when it may be saved. */
export function samplingPlanProblems(plan: SamplingPlan): SamplingProblem[] {
  const problems: SamplingProblem[] = [];
  for (const grade of samplingGrades) {
    const weight = plan.weights[grade];
    if (!Number.isFinite(weight) || weight < 0) problems.push({ field: `weights/${grade}`, rule: 'non-negative', message: `信用等级 ${grade} 的抽查权重不能为负数` });
    else if (weight !== 0 && (weight < MIN_WEIGHT || weight > MAX_WEIGHT)) {
      problems.push({ field: `weights/${grade}`, rule: 'weight-range', message: `信用等级 ${grade} 的抽查权重须为 0，或在 ${MIN_WEIGHT} 至 ${MAX_WEIGHT} 之间` });
    }
  }
  if (samplingGrades.every((grade) => plan.weights[grade] === 0)) {
    problems.push({ field: 'weights', rule: 'not-all-zero', message: '各信用等级的抽查权重不能全部为 0，否则无法抽取企业' });
  }
  if (!Number.isInteger(plan.enterprisesPerMonth) || plan.enterprisesPerMonth < 0) {
    problems.push({ field: 'enterprisesPerMonth', rule: 'non-negative', message: '每月抽查企业数须为不小于 0 的整数' });
  }
  if (!Number.isInteger(plan.inspectorsPerCheck) || plan.inspectorsPerCheck < 0) {
    problems.push({ field: 'inspectorsPerCheck', rule: 'non-negative', message: '每次检查人员数须为不小于 0 的整数' });
  }
  return problems;
}

// ---- the seeded generator ---------------------------------------------------------------

/** xmur3: a 32-bit hash of a string, called repeatedly for independent seed words. */
function xmur3(text: string): () => number {
  let h = 1779033703 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  return () => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    return (h ^= h >>> 16) >>> 0;
  };
}

/**
 * A seeded generator of numbers in the open interval (0, 1): sfc32 seeded by xmur3 of the seed.
 * Integer arithmetic only, so every JavaScript engine yields the same sequence.
 */
export function seededRandom(seed: string): () => number {
  const word = xmur3(seed);
  let a = word();
  let b = word();
  let c = word();
  let d = word();
  const next = (): number => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    // +0.5 keeps the value off 0, so a logarithm of it is finite.
    return ((t >>> 0) + 0.5) / 4294967296;
  };
  // The first outputs of sfc32 still show the seed's structure: discard them.
  for (let i = 0; i < 12; i++) next();
  return next;
}

/**
 * Weighted sampling without replacement (Efraimidis–Spirakis, "A-Res"): each item gets the key
 * u^(1/w) for a uniform u, and the `count` largest keys win. Compared as ln(u)/w, which orders the
 * same and does not underflow. Items of weight 0 are never drawn. The result is in draw order
 * (largest key first), which is the order successive weighted draws would have produced.
 */
export function weightedSample<T>(items: readonly T[], weightOf: (item: T) => number, count: number, random: () => number): T[] {
  const keyed = items.map((item, index) => {
    // One number per item, always drawn, so an item's key does not depend on the weights of others.
    const u = random();
    const weight = weightOf(item);
    return { item, index, key: weight > 0 ? Math.log(u) / weight : -Infinity };
  });
  return keyed
    .filter((k) => k.key > -Infinity)
    .sort((x, y) => y.key - x.key || x.index - y.index)
    .slice(0, Math.max(0, count))
    .map((k) => k.item);
}

/** Uniform sampling without replacement (a partial Fisher–Yates shuffle), in draw order. */
export function uniformSample<T>(items: readonly T[], count: number, random: () => number): T[] {
  const pool = [...items];
  const n = Math.min(Math.max(0, count), pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n);
}

// ---- a department's monthly draw ---------------------------------------------------------

/**
 * What a department's draw for a month is keyed on. The seed is this label keyed with the server's
 * secret (activities/sampling-seed.ts): published with the draw, so anyone can redo it, but not
 * computable before the draw, which would defeat random selection.
 */
export function samplingSeedLabel(month: string, deptCode: string): string {
  return `双随机/${month}/${deptCode}`;
}

/** Why a month cannot be drawn now: only a month that has begun (Asia/Shanghai) is drawn. */
export function samplingMonthProblem(month: string, now: Date): string | undefined {
  const current = shanghaiMonth(now);
  return month > current ? `月份 ${month} 尚未开始（当前 ${current}），不能提前抽取` : undefined;
}

/** The case number of the n-th (1-based) spot check of a department in a month, e.g. SC-202612-SCJGJ-001. */
export function spotCheckCaseNo(month: string, deptCode: string, n: number): string {
  return `SC-${month.replace('-', '')}-${deptCode}-${String(n).padStart(3, '0')}`;
}

/** An enterprise the department may draw: one per credit code, with the division of its latest task. */
export interface SamplingCandidate {
  creditCode: string;
  /** Its current credit grade; null when the credit platform has not graded it (weighs as B). */
  grade: SamplingGrade | null;
  divisionCode: string;
}

/** One enterprise drawn, with its inspectors. */
export interface DrawnEnterprise {
  creditCode: string;
  grade: SamplingGrade | null;
  weight: number;
  divisionCode: string;
  /** Person IDs, drawn among the division's inspectors. */
  inspectors: string[];
  caseNo: string;
  seed: string;
}

/** What a department's draw is made from. */
export interface DepartmentDrawInput {
  month: string;
  deptCode: string;
  plan: SamplingPlan;
  candidates: readonly SamplingCandidate[];
  /** The people who may inspect, per division code (person IDs). */
  inspectorsByDivision: Readonly<Record<string, readonly string[]>>;
  /** The seed of the draw (see samplingSeedLabel). */
  seed: string;
}

/** The weight of an enterprise under a plan. */
export function candidateWeight(weights: GradeWeights, grade: SamplingGrade | null): number {
  return weights[grade ?? 'B'];
}

/**
 * A department's draw for a month (双随机): first the enterprises, weighted by credit grade, then
 * for each, in draw order, its inspectors uniformly among its division's people. Both lists are
 * sorted by code first, so the order the database returned them in does not matter. A division
 * with fewer people than asked for gets all of them.
 */
export function drawDepartment({ month, deptCode, plan, candidates, inspectorsByDivision, seed }: DepartmentDrawInput): DrawnEnterprise[] {
  const random = seededRandom(seed);
  const population = [...candidates].sort((a, b) => compare(a.creditCode, b.creditCode));
  const drawn = weightedSample(population, (c) => candidateWeight(plan.weights, c.grade), plan.enterprisesPerMonth, random);
  return drawn.map((candidate, i) => {
    const people = [...(inspectorsByDivision[candidate.divisionCode] ?? [])].sort(compare);
    return {
      creditCode: candidate.creditCode,
      grade: candidate.grade,
      weight: candidateWeight(plan.weights, candidate.grade),
      divisionCode: candidate.divisionCode,
      inspectors: uniformSample(people, plan.inspectorsPerCheck, random),
      caseNo: spotCheckCaseNo(month, deptCode, i + 1),
      seed,
    };
  });
}

/** The month (YYYY-MM) an instant falls in, Asia/Shanghai (UTC+8, no daylight saving). */
export function shanghaiMonth(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
}

// Code-unit order, not the locale's: the same on every machine.
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
