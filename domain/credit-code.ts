// The unified social credit code (统一社会信用代码), GB 32100-2015. Pure: bundled
// into workflow code, so no I/O and nothing non-deterministic.

/** The 31 characters a credit code may use: digits and upper-case letters except I, O, S, V, Z. */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** JSON-schema regex for the shape only (18 characters of the alphabet); the rules need `checkCreditCode`. */
export const CREDIT_CODE_PATTERN = `^[${CREDIT_CODE_ALPHABET}]{18}$`;

/** A registration authority (登记管理部门, position 1) and the institution categories it issues (position 2). */
export interface CreditCodeAuthority {
  name: string;
  categories: Readonly<Record<string, string>>;
}

/**
 * GB 32100-2015 Appendix A (表 A.1) as now published, A and N included. Every category list below
 * is the table's own, so position 2 is checked strictly against position 1 for every authority.
 */
export const CREDIT_CODE_AUTHORITIES: Readonly<Record<string, CreditCodeAuthority>> = {
  '1': { name: '机构编制', categories: { '1': '机关', '2': '事业单位', '3': '中央编办直接管理机构编制的群众团体', '9': '其他' } },
  '2': { name: '外交', categories: { '1': '外国常驻新闻机构', '9': '其他' } },
  '3': {
    name: '司法行政',
    categories: { '1': '律师执业机构', '2': '公证处', '3': '基层法律服务所', '4': '司法鉴定机构', '5': '仲裁委员会', '9': '其他' },
  },
  '4': { name: '文化', categories: { '1': '外国在华文化中心', '9': '其他' } },
  '5': { name: '民政', categories: { '1': '社会团体', '2': '民办非企业单位', '3': '基金会', '9': '其他' } },
  '6': {
    name: '旅游',
    categories: { '1': '外国旅游部门常驻代表机构', '2': '港澳台地区旅游部门常驻内地（大陆）代表机构', '9': '其他' },
  },
  '7': { name: '宗教', categories: { '1': '宗教活动场所', '2': '宗教院校', '9': '其他' } },
  '8': { name: '工会', categories: { '1': '基层工会', '9': '其他' } },
  // The table gives 工商 no 其他 (9): every market-regulation registrant is one of these three.
  '9': { name: '工商', categories: { '1': '企业', '2': '个体工商户', '3': '农民专业合作社' } },
  A: { name: '中央军委改革和编制办公室', categories: { '1': '军队事业单位', '9': '其他' } },
  N: { name: '农业', categories: { '1': '组级集体经济组织', '2': '村级集体经济组织', '3': '乡镇级集体经济组织', '9': '其他' } },
  // "不再具体划分机构类别，统一用1表示".
  Y: { name: '其他', categories: { '1': '其他' } },
};

/**
 * First two digits of a GB/T 2260 province-level code, plus 10: bodies registered nationally carry
 * 100000 (the published coding rules: "国家用100000，北京用110000").
 */
export const CREDIT_CODE_PROVINCES: readonly string[] = [
  '10',
  ...['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37'],
  ...['41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65'],
  ...['71', '81', '82'],
];

/** A rule a credit code can fail, in the order they are checked. */
export type CreditCodeRule =
  | 'length'
  | 'uppercase'
  | 'charset'
  | 'authority'
  | 'category'
  | 'region'
  | 'organisationCode'
  | 'check';

/** The fields of a valid credit code. */
export interface CreditCodeParts {
  authority: string;
  authorityName: string;
  category: string;
  categoryName: string;
  region: string;
  organisationCode: string;
  check: string;
}

/** A valid code with its parts, or the first rule it fails with a staff-facing reason (Chinese). */
export type CreditCodeResult =
  | { valid: true; parts: CreditCodeParts }
  | { valid: false; rule: CreditCodeRule; reason: string };

// 3^(i−1) mod 31 for positions 1–17: GB 32100 uses the ISO 7064 (GB/T 17710) MOD 31 scheme.
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
// GB 11714 weights for the 8 characters before the organisation code's own check character.
const ORGANISATION_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** The check character (position 18) for the first 17 characters of a credit code. */
export function creditCodeCheckCharacter(first17: string): string {
  requireAlphabet(first17, 17);
  const sum = WEIGHTS.reduce((total, weight, i) => total + weight * CREDIT_CODE_ALPHABET.indexOf(first17.charAt(i)), 0);
  return CREDIT_CODE_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

/** The GB 11714 check character (position 17 of a credit code) for the first 8 characters of an organisation code. */
export function organisationCodeCheckCharacter(first8: string): string {
  requireAlphabet(first8, 8);
  // GB 11714 values letters by their place in the whole Latin alphabet (A=10 … Z=35), not by
  // their index in the credit-code alphabet: base-36 digit values are exactly that.
  const sum = ORGANISATION_WEIGHTS.reduce((total, weight, i) => total + weight * parseInt(first8.charAt(i), 36), 0);
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/** Checks a credit code rule by rule (see `CreditCodeRule` for the order) and reports the first failure. */
export function checkCreditCode(code: string): CreditCodeResult {
  const chars = Array.from(code);
  if (chars.length !== 18) return fail('length', `统一社会信用代码应为18位，实为${chars.length}位`);

  // Lower case is refused rather than silently upper-cased: the standard writes the code in
  // upper case, and the code we store must be the one on the applicant's licence.
  const lowerAlphabet = CREDIT_CODE_ALPHABET.toLowerCase();
  const lower = chars.findIndex((ch) => !CREDIT_CODE_ALPHABET.includes(ch) && lowerAlphabet.includes(ch));
  if (lower >= 0) return fail('uppercase', `第${lower + 1}位“${chars[lower]}”是小写字母，请使用大写字母`);

  const foreign = chars.findIndex((ch) => !CREDIT_CODE_ALPHABET.includes(ch));
  if (foreign >= 0) {
    return fail('charset', `第${foreign + 1}位“${chars[foreign]}”不是可用字符：只能用数字和大写字母，且不用 I、O、S、V、Z`);
  }

  const authority = code.charAt(0);
  const registrar = CREDIT_CODE_AUTHORITIES[authority];
  if (!registrar) {
    return fail('authority', `第1位登记管理部门代码“${authority}”无效，应为 ${Object.keys(CREDIT_CODE_AUTHORITIES).join('、')} 之一`);
  }

  const category = code.charAt(1);
  const categoryName = registrar.categories[category];
  if (categoryName === undefined) {
    const allowed = Object.keys(registrar.categories).join('、');
    return fail('category', `第2位机构类别代码“${category}”不属于登记管理部门“${registrar.name}”（${authority}），应为 ${allowed} 之一`);
  }

  const region = code.slice(2, 8);
  const nonDigit = Array.from(region).findIndex((ch) => ch < '0' || ch > '9');
  if (nonDigit >= 0) {
    return fail('region', `第${nonDigit + 3}位“${region.charAt(nonDigit)}”应为数字：第3–8位是登记管理机关行政区划码`);
  }
  if (!CREDIT_CODE_PROVINCES.includes(region.slice(0, 2))) {
    return fail('region', `第3–4位“${region.slice(0, 2)}”不是省级行政区划代码（第3–8位登记管理机关行政区划码为 ${region}）`);
  }

  // Enforced because the standard's own example and every real code we could sample satisfy it.
  const organisationCode = code.slice(8, 17);
  const organisationCheck = organisationCodeCheckCharacter(organisationCode.slice(0, 8));
  if (organisationCode.charAt(8) !== organisationCheck) {
    return fail(
      'organisationCode',
      `第17位主体标识码（组织机构代码 ${organisationCode}）校验码应为 ${organisationCheck}，实为 ${organisationCode.charAt(8)}`,
    );
  }

  const check = creditCodeCheckCharacter(code.slice(0, 17));
  if (code.charAt(17) !== check) return fail('check', `第18位校验码应为 ${check}，实为 ${code.charAt(17)}`);

  const parts = { authority, authorityName: registrar.name, category, categoryName, region, organisationCode, check };
  return { valid: true, parts };
}

/** Whether a credit code passes every rule. */
export function isValidCreditCode(code: string): boolean {
  return checkCreditCode(code).valid;
}

function fail(rule: CreditCodeRule, reason: string): CreditCodeResult {
  return { valid: false, rule, reason };
}

// The helpers compute check characters for generators and tests: wrong input is a bug there,
// not a user mistake, so it throws instead of returning a result.
function requireAlphabet(text: string, length: number): void {
  if (!new RegExp(`^[${CREDIT_CODE_ALPHABET}]{${length}}$`).test(text)) {
    throw new RangeError(`expected ${length} characters of ${CREDIT_CODE_ALPHABET}, got "${text}"`);
  }
}
