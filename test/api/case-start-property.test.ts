// Property: every case start the API accepts yields a case that progresses — to supervision, or
// to the stage its mode waits in — and every one it does not accept is refused with a 4xx and
// starts nothing. Never a case in needs_attention, never one stuck with an activity retrying or a
// workflow task failing. Bodies follow CaseStartSchema's shape (api/schemas/cases.ts), with the
// catalogue's codes so that most get through, and free text and dates drawn from the awkward
// end: NUL, lone surrogates, emoji, dates before and after the calendar, a leap second.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Static } from '@sinclair/typebox';
import type { CaseStartSchema } from '../../api/schemas/cases.js';
import { commitmentModes, type CommitmentMode } from '../../domain/case.js';
import type { CaseView } from '../../domain/case/state.js';
import { caseWorkflowId } from '../../workflows/case-id.js';
import { getCaseQuery } from '../../workflows/messages.js';
import { fixture } from '../helpers/catalogue-fixture.js';
import { createTestApp, type TestApp } from '../helpers/api-app.js';
import { bearer, people } from '../helpers/tokens.js';

type CaseStart = Static<typeof CaseStartSchema>;

/** Where each mode rests once it has done what it can without a person (README, the case workflow). */
const progressed: Record<CommitmentMode, readonly CaseView['stage'][]> = {
  standard: ['supervising'],
  postCheck: ['supervising'],
  // Waits for the applicant's materials until the committed date.
  deferral: ['awaiting_materials'],
  // The licence check answers either way: passed → supervision, failed → the department decides.
  verification: ['supervising', 'awaiting_decision'],
};

/** How long an accepted case may take to get there on the dev server. */
const SETTLE_MS = 15_000;

const awkward = fc.constantFrom('\u0000', '示例\u0000食品店', '\ud800', 'a\udfffb', '😀', '𠮷野家', 'Ω≈ç√', ' ', '=1+1', '‮rtl');
const text = (maxLength: number) =>
  fc.oneof({ weight: 3, arbitrary: fc.string({ minLength: 1, maxLength }) }, { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength }) }, { weight: 2, arbitrary: awkward });

const DAY = 86_400_000;
/** Decisions in the past of the calendar's years, and the awkward ones around them. */
const decidedAt = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: Date.parse('2025-01-02T00:00:00Z'), max: Date.now() - DAY }).map((ms) => new Date(ms).toISOString()) },
  { weight: 2, arbitrary: fc.constantFrom('2024-12-30T10:00:00+08:00', '1900-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '2016-12-31T23:59:60Z', '2026-02-29T10:00:00+08:00', '2099-12-31T10:00:00+08:00') },
);
/** Committed dates: within the calendar, past its end, impossible. */
const dueDate = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: Date.now() + DAY, max: Date.now() + 400 * DAY }).map((ms) => new Date(ms).toISOString().slice(0, 10)) },
  { weight: 2, arbitrary: fc.constantFrom('9999-12-31', '2100-12-31', '2027-02-30', '2027-13-01') },
);

let serial = 0;
/** A start body of CaseStartSchema's shape; codes from the catalogue fixture, a fresh case number each. */
const startBody: fc.Arbitrary<CaseStart> = fc
  .record({
    name: text(200),
    mode: fc.constantFrom(...commitmentModes),
    decidedAt,
    opinion: text(2000),
    materials: fc.array(text(200), { maxLength: 3 }),
    commitment: fc.option(text(4000), { nil: undefined }),
    majorProject: fc.option(fc.boolean(), { nil: undefined }),
    deferral: fc.option(fc.record({ materials: fc.array(text(200), { minLength: 1, maxLength: 2 }), dueDate }), { nil: undefined }),
  })
  .map(({ name, mode, commitment, majorProject, deferral, ...rest }) => ({
    caseNo: `PROP-${process.pid}-${Date.now().toString(36)}-${serial++}`,
    region: fixture.region,
    approvalDept: fixture.dept,
    approvalItem: fixture.approvalItem,
    handlingItem: fixture.handlingItem,
    applicant: { name, creditCode: '91350100M000100Y43', phone: '13800000000' },
    mode,
    ...rest,
    ...(commitment !== undefined ? { commitment } : {}),
    ...(majorProject !== undefined ? { majorProject } : {}),
    ...(deferral !== undefined ? { deferral } : {}),
  }));

let t: TestApp;
let platform: { authorization: string };
beforeAll(async () => {
  t = await createTestApp({ withWorker: true });
  platform = await bearer(people.approvalPlatform);
});
afterAll(async () => t?.close());

/** What is wrong with the case a start answered (undefined: nothing): it must come to rest, not stop or stick. */
async function settleProblem(body: CaseStart): Promise<string | undefined> {
  const handle = t.client.workflow.getHandle(caseWorkflowId(body.caseNo));
  const until = Date.now() + SETTLE_MS;
  for (;;) {
    const view = await handle.query(getCaseQuery);
    if (view.stage === 'needs_attention') return `needs attention: ${view.attention?.step} ${view.attention?.cause}`;
    const { raw } = await handle.describe();
    const retrying = (raw.pendingActivities ?? []).filter((a) => (a.attempt ?? 1) > 1).map((a) => a.activityType?.name);
    if (retrying.length > 0) return `activity retrying: ${retrying.join(', ')}`;
    if ((raw.pendingWorkflowTask?.attempt ?? 1) > 1) return 'workflow task failing';
    if (progressed[body.mode].includes(view.stage) && (raw.pendingActivities ?? []).length === 0) return undefined;
    if (Date.now() > until) return `stuck in ${view.stage}`;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('POST /api/cases, property', () => {
  it('answers 4xx and starts nothing, or 201 and the case progresses — never needs attention, never stuck', async () => {
    await fc.assert(
      fc.asyncProperty(startBody, async (body) => {
        const res = await t.app.inject({ method: 'POST', url: '/api/cases', headers: platform, payload: body });
        if (res.statusCode >= 400 && res.statusCode < 500) {
          await expect(t.client.workflow.getHandle(caseWorkflowId(body.caseNo)).describe()).rejects.toThrow();
          return;
        }
        expect(res.statusCode).toBe(201);
        expect(await settleProblem(body)).toBeUndefined();
      }),
      { numRuns: 40, interruptAfterTimeLimit: 180_000 },
    );
  }, 300_000);
});
