import { mintToken } from '../../api/auth/tokens.js';
import { createTokenVerifier } from '../../api/auth/tokens.js';
import type { Principal } from '../../domain/access.js';

/** The secret test apps check tokens with. */
export const TEST_SECRET = 'test-secret-of-at-least-thirty-two-bytes!';

/** The verifier test apps use. */
export const verifyToken = createTokenVerifier({ secret: TEST_SECRET });

/** An Authorization header for a principal. */
export async function bearer(principal: Principal): Promise<{ authorization: string }> {
  return { authorization: `Bearer ${await mintToken(TEST_SECRET, principal)}` };
}

/** Principals used across the API tests (Lianyungang 320700, Haizhou district 320706). */
export const people = {
  nationalAdmin: { sub: 'admin', roles: ['region_admin', 'catalogue_admin', 'calendar_admin', 'auditor'], region: '100000' },
  lygAdmin: { sub: 'lyg-admin', roles: ['region_admin'], region: '320700' },
  tianjinAdmin: { sub: 'tj-admin', roles: ['region_admin'], region: '120110' },
  lygCatalogue: { sub: 'lyg-catalogue', roles: ['catalogue_admin'], region: '320700' },
  approvalPlatform: { sub: 'svc:approval-platform', roles: ['approval_officer'], region: '320700' },
  lygAuditor: { sub: 'lyg-auditor', roles: ['auditor'], region: '320700' },
} satisfies Record<string, Principal>;
