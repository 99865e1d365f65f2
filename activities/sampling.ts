// The sampling workflow's activity: draw the month for every department that samples, store the
// draws once, and hand back the spot-check cases to start (双随机, L12).
import { caseInputDigest, recordSpotCheckNumbers } from '../db/case-numbers.js';
import type { Db } from '../db/client.js';
import { divisionInspectors, listSamplingDepartments, storeDepartmentDraw, supervisedEnterprises, type SamplingDrawRow, type SupervisedEnterprise } from '../db/sampling.js';
import type { CaseInput } from '../domain/case.js';
import { drawDepartment, SAMPLING_STARTER, type SamplingGrade } from '../domain/sampling.js';
import { caseWorkflowId } from '../workflows/case-id.js';
import { samplingSeed } from './sampling-seed.js';

/** Which month to draw, and the instant of the draw (the spot checks' decidedAt). */
export interface DrawSamplingMonthInput {
  /** YYYY-MM. */
  month: string;
  /** ISO instant; used only for a department drawn for the first time this month. */
  drawnAt: string;
  /** Only the departments within this region; all when absent (the monthly schedule). */
  within?: string;
}

/** One department's draw for the month. */
export interface DepartmentDrawSummary {
  deptCode: string;
  /** The published seed (一公开): anyone can redo the draw with it and the population. */
  seed: string;
  /** Enterprises drawn. */
  drawn: number;
}

/** A spot-check case to start for one stored draw. */
export interface SpotCheckToStart {
  caseNo: string;
  deptCode: string;
  creditCode: string;
  grade: SamplingGrade | null;
  divisionCode: string;
  inspectors: string[];
  input: CaseInput;
}

/** What the draw answers. */
export interface DrawSamplingMonthResult {
  month: string;
  departments: DepartmentDrawSummary[];
  cases: SpotCheckToStart[];
  /** Case numbers of draws whose enterprise has no task with the department any more (not started). */
  unresolved: string[];
}

/** Builds the sampling activities. */
export function createSamplingActivities(db: Db) {
  return {
    /**
     * Draws the month for every department whose settings sample at least one enterprise, storing
     * each department's draw once (a retry or a re-run answers the stored draw), and builds the
     * spot-check case of every stored draw.
     */
    async drawSamplingMonth({ month, drawnAt, within }: DrawSamplingMonthInput): Promise<DrawSamplingMonthResult> {
      const result: DrawSamplingMonthResult = { month, departments: [], cases: [], unresolved: [] };
      for (const settings of await listSamplingDepartments(db, within)) {
        const population = await supervisedEnterprises(db, settings.deptCode);
        const seed = await samplingSeed(db, month, settings.deptCode);
        const draws = await db.transaction(async (tx) => {
          const inspectorsByDivision = await divisionInspectors(tx, [...new Set(population.map((e) => e.divisionCode))]);
          const draw = () => drawDepartment({ month, deptCode: settings.deptCode, plan: settings, candidates: population, inspectorsByDivision, seed });
          return storeDepartmentDraw(tx, month, settings.deptCode, draw, drawnAt);
        });
        result.departments.push({ deptCode: settings.deptCode, seed: draws[0]?.seed ?? '', drawn: draws.length });
        for (const draw of draws) {
          const latest = population.find((e) => e.creditCode === draw.creditCode && e.divisionCode === draw.divisionCode);
          // The enterprise's latest task moved to another division since the draw: its task in the drawn division.
          const source = latest ?? (await supervisedEnterprises(db, settings.deptCode, { creditCode: draw.creditCode, divisionCode: draw.divisionCode }))[0];
          if (!source) result.unresolved.push(draw.caseNo);
          else result.cases.push(spotCheckToStart(draw, source));
        }
      }
      // The spot checks take their numbers like pushed cases do, before the run starts them, so
      // that no pushed case can take one; the workflow itself stays as it was (no new history).
      const recordedAt = new Date().toISOString();
      await recordSpotCheckNumbers(
        db,
        result.cases.map(({ caseNo, input }) => ({ caseNo, inputDigest: caseInputDigest(input), startedBy: SAMPLING_STARTER, startedAt: recordedAt, workflowId: caseWorkflowId(caseNo) })),
      );
      return result;
    },
  };
}

/** The sampling activities, as the workflow proxies them. */
export type SamplingActivities = ReturnType<typeof createSamplingActivities>;

/** The spot-check case of a stored draw: the enterprise as its latest approval named it. */
function spotCheckToStart(draw: SamplingDrawRow, source: SupervisedEnterprise): SpotCheckToStart {
  const grade = (draw.grade as SamplingGrade | null) ?? null;
  const input: CaseInput = {
    caseNo: draw.caseNo,
    region: source.region,
    approvalDept: source.approvalDept,
    approvalItem: source.approvalItem,
    handlingItem: source.handlingItem,
    // The read model keeps no phone (personal data); a spot check sends the applicant nothing.
    applicant: { name: source.applicantName, creditCode: draw.creditCode, phone: '' },
    mode: 'spotCheck',
    decidedAt: draw.drawnAt,
    opinion: `双随机抽查（${draw.month}，信用等级 ${grade ?? '未评级'}，抽取种子 ${draw.seed}）`,
    materials: [],
    spotCheck: {
      month: draw.month,
      target: { supervisingDeptCode: draw.deptCode, divisionCode: draw.divisionCode, subItemCode: source.subItemCode, revision: source.revision },
      inspectors: draw.inspectors,
      seed: draw.seed,
    },
  };
  return { caseNo: draw.caseNo, deptCode: draw.deptCode, creditCode: draw.creditCode, grade, divisionCode: draw.divisionCode, inspectors: draw.inspectors, input };
}
