// The unified social credit code rules (GB 32100-2015): the standard's own example,
// each rule failing on its own, and the check character catching every single-character error.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CREDIT_CODE_ALPHABET,
  CREDIT_CODE_AUTHORITIES,
  CREDIT_CODE_PATTERN,
  CREDIT_CODE_PROVINCES,
  checkCreditCode,
  creditCodeCheckCharacter,
  isValidCreditCode,
  organisationCodeCheckCharacter,
} from '../../domain/credit-code.js';

const EXAMPLE = '91350100M000100Y43';

/** A full code from its first 16 characters: both check characters computed. */
function withChecks(first16: string): string {
  const first17 = first16 + organisationCodeCheckCharacter(first16.slice(8));
  return first17 + creditCodeCheckCharacter(first17);
}

/** A full code from its first 17 characters: only the final check character computed. */
function withCheck(first17: string): string {
  return first17 + creditCodeCheckCharacter(first17);
}

function failure(code: string): { rule: string; reason: string } {
  const result = checkCreditCode(code);
  if (result.valid) throw new Error(`${code} unexpectedly valid`);
  return { rule: result.rule, reason: result.reason };
}

const alphabet = [...CREDIT_CODE_ALPHABET];
const digit = fc.constantFrom(...'0123456789');

/** Valid codes: authority, category and province drawn from the tables, the rest random. */
const validCode = fc
  .record({
    authority: fc.constantFrom(...Object.keys(CREDIT_CODE_AUTHORITIES)),
    categoryPick: fc.nat(),
    province: fc.constantFrom(...CREDIT_CODE_PROVINCES),
    rest: fc.array(digit, { minLength: 4, maxLength: 4 }),
    body: fc.array(fc.constantFrom(...alphabet), { minLength: 8, maxLength: 8 }),
  })
  .map(({ authority, categoryPick, province, rest, body }) => {
    const categories = Object.keys(CREDIT_CODE_AUTHORITIES[authority]!.categories);
    const category = categories[categoryPick % categories.length]!;
    return withChecks(authority + category + province + rest.join('') + body.join(''));
  });

describe('the standard example', () => {
  it('is valid, with its parts', () => {
    expect(checkCreditCode(EXAMPLE)).toEqual({
      valid: true,
      parts: {
        authority: '9',
        authorityName: '工商',
        category: '1',
        categoryName: '企业',
        region: '350100',
        organisationCode: 'M000100Y4',
        check: '3',
      },
    });
    expect(isValidCreditCode(EXAMPLE)).toBe(true);
  });

  it('satisfies GB 11714 inside: M000100Y weighs 22·3 + 1·5 + 34·2 = 139, 11 − 139 mod 11 = 4', () => {
    expect(organisationCodeCheckCharacter('M000100Y')).toBe('4');
  });

  it('has the check character 3: Σ = 1640, 1640 mod 31 = 28, 31 − 28 = 3', () => {
    expect(creditCodeCheckCharacter('91350100M000100Y4')).toBe('3');
  });
});

describe('real codes published online', () => {
  // From python-stdnum's test list of codes found online (tests/test_cn_uscc.doctest): enterprises,
  // an 个体工商户 (92), a 事业单位 (12) and an L-prefixed body. All pass GB 11714 inside too,
  // which is the evidence for enforcing that check.
  it.each([
    '121200004013590816',
    '91110000600037341L',
    '9144030071526726XG',
    '91310115MA1K3BTP2B',
    '91620105L015101280',
    '92340603MA2PBN17X5',
    '92340621MA2UK3PJXE',
  ])('%s is valid', (code) => {
    expect(checkCreditCode(code)).toMatchObject({ valid: true });
  });
});

describe('codes built from the tables', () => {
  it.each([
    ['11100000', '机构编制', '机关'],
    ['31110000', '司法行政', '律师执业机构'],
    ['53440300', '民政', '基金会'],
    ['92330106', '工商', '个体工商户'],
    ['A1110000', '中央军委改革和编制办公室', '军队事业单位'],
    ['N2510104', '农业', '村级集体经济组织'],
    ['Y1650100', '其他', '其他'],
  ])('%s… is a valid %s / %s code', (head, authorityName, categoryName) => {
    const code = withChecks(`${head}MA0TX8Q1`);
    expect(checkCreditCode(code)).toMatchObject({ valid: true, parts: { authorityName, categoryName } });
  });
});

describe('each rule, failing on its own', () => {
  it('length: 18 characters', () => {
    expect(failure(EXAMPLE.slice(0, 17))).toEqual({ rule: 'length', reason: '统一社会信用代码应为18位，实为17位' });
    expect(failure(`${EXAMPLE} `).rule).toBe('length');
    expect(failure('').rule).toBe('length');
  });

  it('uppercase: lower case is refused with a hint, not corrected', () => {
    const { rule, reason } = failure('91350100m000100Y43');
    expect(rule).toBe('uppercase');
    expect(reason).toContain('第9位');
    expect(reason).toContain('请使用大写字母');
  });

  it('charset: I, O, S, V, Z and anything else are refused, naming the position', () => {
    const { rule, reason } = failure('91350100M000100I43');
    expect(rule).toBe('charset');
    expect(reason).toContain('第16位');
    // Lower-case i would still be wrong in upper case: no "use upper case" hint.
    expect(failure('91350100M000100i43').rule).toBe('charset');
    expect(failure('91350100M000100Y4３').reason).toContain('第18位');
  });

  it('authority: position 1 is from the table', () => {
    const { rule, reason } = failure(withChecks('B1350100M000100Y'));
    expect(rule).toBe('authority');
    expect(reason).toContain('第1位');
  });

  it('category: position 2 belongs to the authority in position 1', () => {
    const { rule, reason } = failure(withChecks('94350100M000100Y'));
    expect(rule).toBe('category');
    expect(reason).toContain('第2位');
    expect(reason).toContain('工商');
    // 9 (其他) exists for 民政 but not for 工商.
    expect(failure(withChecks('99350100M000100Y')).rule).toBe('category');
    expect(isValidCreditCode(withChecks('59350100M000100Y'))).toBe(true);
  });

  it('region: six digits with a province-level prefix', () => {
    const letter = failure(withChecks('9135A100M000100Y'));
    expect(letter.rule).toBe('region');
    expect(letter.reason).toContain('第5位');
    const province = failure(withChecks('91990100M000100Y'));
    expect(province.rule).toBe('region');
    expect(province.reason).toContain('第3–4位');
    expect(failure(withChecks('91000000M000100Y')).rule).toBe('region');
    // 100000: registered nationally.
    expect(isValidCreditCode(withChecks('11100000M000100Y'))).toBe(true);
  });

  it('organisationCode: position 17 is the GB 11714 check of positions 9–16', () => {
    const { rule, reason } = failure(withCheck('91350100M000100Y5'));
    expect(rule).toBe('organisationCode');
    expect(reason).toContain('第17位');
    expect(reason).toContain('应为 4，实为 5');
  });

  it('check: position 18', () => {
    expect(failure('91350100M000100Y44')).toEqual({ rule: 'check', reason: '第18位校验码应为 3，实为 4' });
  });

  it('reports the first failing rule only', () => {
    expect(failure('B4990100M000100Y44').rule).toBe('authority');
    expect(failure('94990100M000100Y44').rule).toBe('category');
    expect(failure('91990100M000100Y44').rule).toBe('region');
  });
});

describe('check characters', () => {
  it('accept any valid body, whatever its authority, category and region', () => {
    fc.assert(
      fc.property(validCode, (code) => {
        const result = checkCreditCode(code);
        expect(result.valid).toBe(true);
        if (!result.valid) return;
        const { authority, category, region, organisationCode, check } = result.parts;
        expect(authority + category + region + organisationCode + check).toBe(code);
      }),
    );
  });

  it('refuse every single-character substitution', () => {
    fc.assert(
      fc.property(validCode, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 30 }), (code, at, shift) => {
        const replacement = alphabet[(CREDIT_CODE_ALPHABET.indexOf(code.charAt(at)) + shift) % 31]!;
        const changed = code.slice(0, at) + replacement + code.slice(at + 1);
        expect(isValidCreditCode(changed)).toBe(false);
        // The final check character alone already catches it, whatever rule reports first.
        expect(creditCodeCheckCharacter(changed.slice(0, 17))).not.toBe(changed.charAt(17));
      }),
    );
  });

  it('catch every substitution by arithmetic: weight × change is never 0 mod 31', () => {
    // A substitution at position i changes Σ by wᵢ·d with d = new − old in 1…30; 31 is prime and
    // every wᵢ is in 1…30, so wᵢ·d mod 31 ≠ 0 and the expected check character moves.
    const weights = Array.from({ length: 17 }, (_, i) => 3 ** i % 31);
    expect(weights).toEqual([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]);
    for (const w of weights) for (let d = 1; d < 31; d++) expect((w * d) % 31).not.toBe(0);
  });

  it('refuse malformed input to the helpers', () => {
    expect(() => creditCodeCheckCharacter('91350100M000100Y')).toThrow(RangeError);
    expect(() => creditCodeCheckCharacter('91350100M000100I4')).toThrow(RangeError);
    expect(() => organisationCodeCheckCharacter('m000100Y')).toThrow(RangeError);
  });
});

describe('CREDIT_CODE_PATTERN', () => {
  // JSON schema (ajv) compiles patterns with the u flag.
  const pattern = new RegExp(CREDIT_CODE_PATTERN, 'u');

  it('accepts the shape: 18 characters of the alphabet', () => {
    expect(pattern.test(EXAMPLE)).toBe(true);
    expect(pattern.test(alphabet.slice(0, 18).join(''))).toBe(true);
    expect(pattern.test(alphabet.slice(13).join(''))).toBe(true);
  });

  it('refuses lower case, excluded letters and wrong lengths', () => {
    for (const code of ['91350100m000100Y43', '91350100M000100I43', 'Z1350100M000100Y43', EXAMPLE.slice(1), `${EXAMPLE}3`]) {
      expect(pattern.test(code)).toBe(false);
    }
  });
});
