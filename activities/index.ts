// Activities: thin adapters from the case workflow to the database and outside systems.
import type { Db } from '../db/client.js';
import { upsertCase, type CaseProjection } from '../db/cases.js';
import { createCalendarSource } from '../db/calendar.js';
import { resolveLinkage } from '../db/linkages.js';
import { writeCaseAttention, writeProjection } from '../db/read-model.js';
import { planDeadline } from '../domain/case/deadlines.js';
import { notifyApprovalPlatform } from './adapters/approval-platform.js';
import { pushCreditRecord } from './adapters/credit-platform.js';
import { verifyLicences } from './adapters/e-licence.js';
import { recordOnly, type AdapterConfig } from './adapters/outbox.js';
import { sendSms } from './adapters/sms.js';
import { createSupervisionTask, pushArchive } from './adapters/supervision-platform.js';
import { createSamplingActivities } from './sampling.js';
import { createProblemActivities } from './problems.js';
import { DEFAULT_PROBLEM_ESCALATION_WORKING_DAYS } from '../domain/problems.js';
import type { CaseActivities } from './contracts.js';
import { failingPermanently } from './failures.js';
import { heartbeating } from './heartbeat.js';
import { pinPolicy } from '../db/policies.js';
import { shanghaiDate } from '../domain/case/local-time.js';

/** What the activities need from the process that hosts them. */
export interface ActivityDeps {
  db: Db;
  /** Where outbound messages go; by default every adapter only records them in the outbox. */
  adapters?: AdapterConfig;
  /** Working days a problem record may sit unanswered before it climbs a level (PROBLEM_ESCALATION_WORKING_DAYS). */
  problemEscalationWorkingDays?: number;
}

/** Builds the activities around their dependencies. */
export function createActivities({ db, adapters = recordOnly, problemEscalationWorkingDays = DEFAULT_PROBLEM_ESCALATION_WORKING_DAYS }: ActivityDeps) {
  const ctx = { db, config: adapters };
  // One calendar per worker: it rebuilds itself only when an admin loads a year.
  const calendarSource = createCalendarSource(db);
  // A case activity whose failure no retry can mend fails for good, and the case needs attention.
  const caseActivities = failingPermanently({
    /** Cases started before the whole view was projected still call this one: idempotent on retry. */
    async projectCase(row: CaseProjection): Promise<void> {
      await upsertCase(db, row);
    },
    /** Projects the case's view into the read model, with task due times on the current calendar. */
    async projectCaseView(snapshot) {
      const calendar = await calendarSource.current();
      await writeProjection(db, snapshot, (spec) => planDeadline(calendar, spec).dueAt);
    },
    async projectCaseAttention(row) {
      await writeCaseAttention(db, row);
    },
    /** The linkage a handling item resolves to (L4, L5), or undefined for an unknown item. */
    async resolveCaseLinkage({ handlingItemCode }) {
      const resolved = await resolveLinkage(db, handlingItemCode);
      if (!resolved) return undefined;
      return {
        allowedModes: resolved.allowedModes,
        linkages: resolved.linkages.map(({ supervisingDeptCode, divisionCode, subItemCode, revision }) => ({ supervisingDeptCode, divisionCode, subItemCode, revision })),
      };
    },
    /** A deadline with its warning and escalations, on the current working-day calendar. */
    async planDeadline(spec, timing?) {
      return planDeadline(await calendarSource.current(), spec, timing);
    },
    /** The region's policy on the decision's day: resolved once, the case keeps it (a later version applies to later cases). */
    async pinCasePolicy({ region, decidedAt }) {
      return pinPolicy(db, region, shanghaiDate(decidedAt));
    },
    sendSms: (request) => sendSms(ctx, request),
    pushArchive: (request) => pushArchive(ctx, request),
    createSupervisionTask: (request) => createSupervisionTask(ctx, request),
    pushCreditRecord: (request) => pushCreditRecord(ctx, request),
    // The case waits on the licence service inline: heartbeats let a dead worker be noticed in seconds.
    verifyLicences: (request) => heartbeating(() => verifyLicences(ctx, request)),
    notifyApprovalPlatform: (request) => notifyApprovalPlatform(ctx, request),
    // `satisfies`: the workflow proxies CaseActivities, so any drift from the contract fails to compile.
  } satisfies CaseActivities & { projectCase(row: CaseProjection): Promise<void> });
  return {
    ...caseActivities,
    // The monthly 双随机 draw (L12), for the sampling workflow.
    ...createSamplingActivities(db),
    // Coordinators' problem records (Dongli 二 3), for the problem workflow.
    ...createProblemActivities(db, calendarSource, problemEscalationWorkingDays),
  };
}

/** The activity interface the workflows proxy. */
export type Activities = ReturnType<typeof createActivities>;
