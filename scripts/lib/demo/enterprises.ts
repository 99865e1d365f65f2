// The demo's applicants, as a table, and the licences the electronic-licence check finds for them
// (PUT /api/licences). Their unified social credit codes (GB 32100) are computed per run: an
// enterprise revoked by one run gets a dishonesty record, and would be refused the commitment
// route by the next run if it kept its code.
import { creditCodeCheckCharacter, CREDIT_CODE_ALPHABET, organisationCodeCheckCharacter } from '../../../domain/credit-code.js';

/** An applicant: [key, name, registration region, 个体工商户 (sole trader) or not]. */
export const enterprises: readonly (readonly [string, string, string, boolean])[] = [
  ['xianweifang', '连云港海州区鲜味坊餐饮管理有限公司', '320706', false],
  ['gangcheng', '连云港市港城优选超市有限公司', '320700', false],
  ['kangning', '连云港康宁大药房连锁有限公司', '320700', false],
  ['hairun', '江苏海润建设工程有限公司', '320700', false],
  ['renhe', '连云港仁和口腔诊所有限公司', '320706', false],
  ['hongda', '连云港宏达化工贸易有限公司', '320703', false],
  ['lanwan', '连云港蓝湾水产食品有限公司', '320703', false],
  ['yujiale', '赣榆区海头镇渔家乐餐饮店', '320707', true],
  ['suhai', '连云港苏海物业服务有限公司', '320706', false],
  ['dongfang', '连云港东方印染有限公司', '320707', false],
  ['huaguoshan', '连云港花果山茶叶食品有限公司', '320706', false],
  ['ruikang', '连云港瑞康医药有限公司', '320700', false],
  ['yunshan', '连云港云台山农家菜馆', '320703', true],
  // Each of these three is revoked by the run (dishonesty record): no other case of the run uses them.
  ['weishangyuan', '连云港味尚源餐饮有限公司', '320706', false],
  ['yikang', '连云港益康食品商行', '320700', true],
  ['laojiefang', '连云港海州区老街坊小吃店', '320706', true],
];

/** Licences held besides a business licence (营业执照, held by all): [enterprise, licence, last valid day or null]. */
export const licences: readonly (readonly [string, string, string | null])[] = [
  ['xianweifang', '从业人员健康证明', '2027-06-30'],
  ['gangcheng', '从业人员健康证明', '2027-03-31'],
  ['gangcheng', '食品经营许可证', '2028-12-31'],
  ['kangning', '执业药师注册证', '2029-05-31'],
  ['renhe', '医师执业证书', null],
  ['lanwan', '从业人员健康证明', '2027-09-30'],
  ['lanwan', '食品经营许可证', '2027-12-31'],
  ['huaguoshan', '从业人员健康证明', '2027-01-31'],
  ['huaguoshan', '食品经营许可证', '2029-02-28'],
  ['ruikang', '执业药师注册证', '2028-10-31'],
  // Expired: the licence check of its case fails (电子证照核验未通过).
  ['yikang', '从业人员健康证明', '2025-06-30'],
  ['yikang', '食品经营许可证', '2027-06-30'],
];

/** The business licence every enterprise holds. */
export const BUSINESS_LICENCE = '营业执照';

/**
 * A valid credit code for an enterprise of a run: 9 (market regulation) + 1 (enterprise) or 2
 * (sole trader) + region + an organisation code of the run's tag and the enterprise's place, with
 * both check characters computed.
 */
export function creditCodeOf(key: string, runTag: string): string {
  const index = enterprises.findIndex(([k]) => k === key);
  if (index < 0) throw new Error(`unknown demo enterprise ${key}`);
  const [, , region, soleTrader] = enterprises[index]!;
  const place = CREDIT_CODE_ALPHABET.charAt(Math.floor(index / 31)) + CREDIT_CODE_ALPHABET.charAt(index % 31);
  const organisation = `M${runTag.slice(-5)}${place}`;
  const first17 = `9${soleTrader ? '2' : '1'}${region}${organisation}${organisationCodeCheckCharacter(organisation)}`;
  return first17 + creditCodeCheckCharacter(first17);
}

/** A run's tag: five characters of the credit-code alphabet counting the run's second, so runs differ. */
export function runTagOf(at: Date): string {
  let n = Math.floor(at.getTime() / 1000);
  let tag = '';
  for (let i = 0; i < 5; i++) {
    tag = CREDIT_CODE_ALPHABET.charAt(n % 31) + tag;
    n = Math.floor(n / 31);
  }
  return tag;
}
