// A small region with its catalogue and people, written straight into a test database: the
// Lianyungang market regulator (approval and supervision side), one food-business item linked to
// its food-safety division, and an item without linkage.
import type { Db } from '../../db/client.js';
import { approvalItems, departments, divisions, handlingItems, linkages, people, regions, supervisionItems, supervisionSubItems } from '../../db/schema/index.js';

/** Codes of the fixture, for tests to refer to. */
export const fixture = {
  region: '320700',
  dept: 'LYG-SCJGJ',
  approvalItem: 'FOOD-BUSINESS-LICENCE',
  handlingItem: 'FOOD-BUSINESS-LICENCE-NEW',
  unlinkedItem: 'FOOD-BUSINESS-LICENCE-CHANGE',
  division: 'LYG-SCJGJ-SPJY',
  subItem: 'FOOD-CHECK',
  divisionAdmin: 'div-admin-1',
} as const;

/** Writes the fixture. */
export async function seedCatalogue(db: Db): Promise<void> {
  await db.insert(regions).values([
    { code: '320000', name: '江苏省', parentCode: null },
    { code: '320700', name: '连云港市', parentCode: '320000' },
  ]);
  await db.insert(departments).values({ code: fixture.dept, region: fixture.region, name: '连云港市市场监督管理局', side: 'both' });
  await db.insert(divisions).values({ code: fixture.division, deptCode: fixture.dept, name: '食品经营监管处' });
  await db.insert(people).values([
    { id: fixture.divisionAdmin, name: '处室管理员', phone: '13900000001', region: fixture.region, deptCode: fixture.dept, divisionCode: fixture.division, roles: ['division_admin'] },
    ...([1, 2, 3] as const).map((level) => ({ id: `coordinator-${level}`, name: `协调员${level}`, phone: `1390000001${level}`, region: fixture.region, deptCode: fixture.dept, roles: ['coordinator'], level })),
    { id: 'officer-1', name: '审批员', phone: '13900000021', region: fixture.region, deptCode: fixture.dept, roles: ['approval_officer'] },
  ]);
  await db.insert(approvalItems).values({ code: fixture.approvalItem, deptCode: fixture.dept, name: '食品经营许可' });
  await db.insert(handlingItems).values([
    { code: fixture.handlingItem, approvalItemCode: fixture.approvalItem, name: '食品经营许可（新办）', allowedModes: ['deferral', 'verification', 'postCheck'] },
    { code: fixture.unlinkedItem, approvalItemCode: fixture.approvalItem, name: '食品经营许可（变更）', allowedModes: [] },
  ]);
  await db.insert(supervisionItems).values({ code: 'FOOD-SUPERVISION', deptCode: fixture.dept, name: '食品经营监督检查' });
  await db.insert(supervisionSubItems).values({ code: fixture.subItem, supervisionItemCode: 'FOOD-SUPERVISION', name: '食品经营许可事后核查' });
  await db.insert(linkages).values({ handlingItemCode: fixture.handlingItem, supervisingDeptCode: fixture.dept, divisionCode: fixture.division, subItemCode: fixture.subItem });
}
