// The population a supervising department samples from (双随机, L12), written by hand into the read
// model beside the example catalogue (test/helpers/catalogue-fixture.ts): enterprises with tasks of
// the market regulator, their credit grades, and the people of its divisions.
import type { Db } from '../../db/client.js';
import { caseTasks, cases, divisions, enterpriseCreditGrades, people } from '../../db/schema/index.js';
import { creditCodeCheckCharacter, organisationCodeCheckCharacter } from '../../domain/credit-code.js';
import type { SamplingCandidate, SamplingGrade } from '../../domain/sampling.js';
import { fixture } from './catalogue-fixture.js';

/** A valid unified social credit code (both check characters right), the n-th of the test enterprises. */
export function testCreditCode(n: number): string {
  const organisation = `MA${String(n).padStart(6, '0')}`;
  const first17 = `91320700${organisation}${organisationCodeCheckCharacter(organisation)}`;
  return first17 + creditCodeCheckCharacter(first17);
}

/** The second division of the market regulator (药品经营监管处). */
export const drugDivision = 'LYG-SCJGJ-YPJY';

/** Who may be drawn as inspector in each division: active people (service accounts and the inactive are not). */
export const inspectorPools = {
  [fixture.division]: [fixture.divisionAdmin, 'insp-1', 'insp-2', 'insp-3'],
  [drugDivision]: ['drug-1', 'drug-2'],
};

interface SeededEnterprise {
  n: number;
  grade: SamplingGrade | null;
  /** Tasks, oldest first: [division, sub-item, notified at]. */
  tasks: [string, string, string][];
  supervisingDept?: string;
}

/**
 * Enterprises 1–6 have tasks of the market regulator; enterprise 6's latest task is with the drug
 * division; enterprise 7 is supervised by another department only, so it is not in the population.
 */
const enterprises: SeededEnterprise[] = [
  { n: 1, grade: 'A', tasks: [[fixture.division, fixture.subItem, '2026-03-02T02:00:00.000Z']] },
  { n: 2, grade: 'A', tasks: [[fixture.division, fixture.subItem, '2026-04-02T02:00:00.000Z']] },
  { n: 3, grade: 'B', tasks: [[fixture.division, fixture.subItem, '2026-05-06T02:00:00.000Z']] },
  { n: 4, grade: 'C', tasks: [[fixture.division, fixture.subItem, '2026-06-01T02:00:00.000Z']] },
  { n: 5, grade: 'D', tasks: [[fixture.division, fixture.subItem, '2026-07-01T02:00:00.000Z']] },
  {
    n: 6,
    grade: null,
    tasks: [
      [fixture.division, fixture.subItem, '2026-02-02T02:00:00.000Z'],
      [drugDivision, 'DRUG-CHECK', '2026-08-03T02:00:00.000Z'],
    ],
  },
  { n: 7, grade: 'D', tasks: [['LYG-OTHER-DIV', 'OTHER-CHECK', '2026-08-03T02:00:00.000Z']], supervisingDept: 'LYG-OTHER' },
];

/** The population of the market regulator as the draw must see it, worked out from the rows above. */
export const expectedPopulation: SamplingCandidate[] = [
  { creditCode: testCreditCode(1), grade: 'A', divisionCode: fixture.division },
  { creditCode: testCreditCode(2), grade: 'A', divisionCode: fixture.division },
  { creditCode: testCreditCode(3), grade: 'B', divisionCode: fixture.division },
  { creditCode: testCreditCode(4), grade: 'C', divisionCode: fixture.division },
  { creditCode: testCreditCode(5), grade: 'D', divisionCode: fixture.division },
  { creditCode: testCreditCode(6), grade: null, divisionCode: drugDivision },
];

/** The linkage revision every seeded task records in its detail. */
export const seededRevision = 3;

/** Writes the population (after seedCatalogue). */
export async function seedSamplingPopulation(db: Db): Promise<void> {
  await db.insert(divisions).values({ code: drugDivision, deptCode: fixture.dept, name: '药品经营监管处' });
  const person = (id: string, divisionCode: string, extra: Partial<typeof people.$inferInsert> = {}) => ({
    id,
    name: `检查员 ${id}`,
    region: fixture.region,
    deptCode: fixture.dept,
    divisionCode,
    roles: [],
    ...extra,
  });
  await db.insert(people).values([
    person('insp-1', fixture.division),
    person('insp-2', fixture.division),
    person('insp-3', fixture.division),
    person('insp-gone', fixture.division, { active: false }),
    person('svc-div', fixture.division, { kind: 'service' }),
    person('drug-1', drugDivision),
    person('drug-2', drugDivision),
  ]);
  for (const e of enterprises) {
    const creditCode = testCreditCode(e.n);
    if (e.grade) await db.insert(enterpriseCreditGrades).values({ creditCode, grade: e.grade, gradedOn: '2026-10-01', source: 'api', updatedBy: 'svc:credit-platform' });
    for (const [i, [divisionCode, subItemCode, notifiedAt]] of e.tasks.entries()) {
      const caseNo = `LYG-SEED-${e.n}-${i + 1}`;
      await db.insert(cases).values({
        caseNo,
        region: fixture.region,
        approvalDept: fixture.dept,
        approvalItem: fixture.approvalItem,
        handlingItem: fixture.handlingItem,
        creditCode,
        applicantName: `示例企业${e.n}`,
        mode: 'postCheck',
        stage: 'closed',
        outcome: 'completed',
        decidedAt: notifiedAt,
        startedAt: notifiedAt,
        pushedAt: notifiedAt,
        closedAt: notifiedAt,
      });
      await db.insert(caseTasks).values({
        taskId: `${caseNo}:1`,
        caseNo,
        region: fixture.region,
        creditCode,
        mode: 'postCheck',
        approvalDept: fixture.dept,
        supervisingDept: e.supervisingDept ?? fixture.dept,
        divisionCode,
        subItemCode,
        status: 'done',
        notifiedAt,
        detail: { taskId: `${caseNo}:1`, supervisingDeptCode: e.supervisingDept ?? fixture.dept, divisionCode, subItemCode, revision: seededRevision, status: 'done' },
        closedAt: notifiedAt,
      });
    }
  }
}
