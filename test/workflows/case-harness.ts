// A harness for case workflow tests on the time-skipping server: typed fake activities that
// record every call (the real adapters are tested against the database in test/activities), a
// real working-day calendar, and helpers to start a case and drive it.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { inject } from 'vitest';
import type { CaseActivities, LicenceCheckResult, SmsRequest } from '../../activities/contracts.js';
import type { Activities } from '../../activities/index.js';
import type { CaseInput } from '../../domain/case.js';
import { createCalendar, type YearArrangement } from '../../domain/calendar/index.js';
import { planDeadline } from '../../domain/case/deadlines.js';
import type { LinkageTarget } from '../../domain/case/task.js';
import { registerSearchAttributes } from '../../scripts/lib/register-search-attributes.js';
import { bundleWorkflows } from '../helpers/bundle.js';
import { caseInput } from '../helpers/case-input.js';

/** The outside world as the fakes see it; tests change it and read what was sent. */
export interface World {
  linkages: Map<string, LinkageTarget[]>;
  loadedYears: YearArrangement[];
  licenceCheck: LicenceCheckResult;
  sms: SmsRequest[];
  calls: { name: string; key: string; input: unknown }[];
}

/** A fresh world: every handling item linked to one division, no loaded years, licences fine. */
export function newWorld(): World {
  return { linkages: new Map(), loadedYears: [], licenceCheck: { ok: true, missing: [] }, sms: [], calls: [] };
}

/** The default linkage of a test case. */
export const divisionTarget: LinkageTarget = { supervisingDeptCode: 'LYG-SCJGJ', divisionCode: 'LYG-SCJGJ-SPJY', subItemCode: 'FOOD-CHECK', revision: 1 };

/** Fake activities over a world. */
export function fakeActivities(world: World): CaseActivities & Pick<Activities, 'projectCase'> {
  const note = (name: string) => async (input: { key?: string }) => {
    world.calls.push({ name, key: input.key ?? '', input });
  };
  return {
    async resolveCaseLinkage({ handlingItemCode }) {
      const linkages = world.linkages.get(handlingItemCode) ?? [];
      return { allowedModes: ['standard', 'deferral', 'verification', 'postCheck'], linkages };
    },
    async planDeadline(spec) {
      return planDeadline(createCalendar(world.loadedYears), spec);
    },
    async sendSms(request) {
      // Keyed: a retried activity does not send twice.
      if (!world.sms.some((s) => s.key === request.key)) world.sms.push(request);
      return { recipients: 1 };
    },
    pushArchive: note('pushArchive'),
    createSupervisionTask: note('createSupervisionTask'),
    pushCreditRecord: note('pushCreditRecord'),
    notifyApprovalPlatform: note('notifyApprovalPlatform'),
    async verifyLicences(request) {
      await note('verifyLicences')(request);
      return world.licenceCheck;
    },
    projectCase: async () => {},
  };
}

/** One environment per test file. */
export async function createEnvironment(): Promise<{ env: TestWorkflowEnvironment; bundle: WorkflowBundleWithSourceMap }> {
  const [env, bundle] = await Promise.all([
    TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: inject('testServerPath') } } }),
    bundleWorkflows(),
  ]);
  await registerSearchAttributes(env.connection, 'default');
  return { env, bundle };
}

/** A case whose handling item is linked in the world. */
export function linkedCase(world: World, overrides: Partial<CaseInput> = {}): CaseInput {
  const input = caseInput(overrides);
  if (!world.linkages.has(input.handlingItem)) world.linkages.set(input.handlingItem, [divisionTarget]);
  return input;
}

/** The templates of the SMS sent so far, in order. */
export function smsTemplates(world: World): string[] {
  return world.sms.map((s) => `${s.template}→${s.to.kind}${'level' in s.to ? s.to.level : ''}`);
}
