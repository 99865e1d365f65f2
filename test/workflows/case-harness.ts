// A harness for case workflow tests on the time-skipping server: typed fake activities that
// record every call (the real adapters are tested against the database in test/activities), a
// real working-day calendar, and helpers to start a case and drive it.
import { WorkflowClient, type WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import type { CaseActivities, LicenceCheckResult, SmsRequest } from '../../activities/contracts.js';
import type { Activities } from '../../activities/index.js';
import type { CaseInput } from '../../domain/case.js';
import { createCalendar, type YearArrangement } from '../../domain/calendar/index.js';
import { planDeadline } from '../../domain/case/deadlines.js';
import type { CaseSnapshot, CaseView } from '../../domain/case/state.js';
import type { LinkageTarget } from '../../domain/case/task.js';
import { renderSms } from '../../domain/sms-templates.js';
import { registerSearchAttributes } from '../../scripts/lib/register-search-attributes.js';
import { caseWorkflowId } from '../../workflows/case-id.js';
import { caseWorkflow } from '../../workflows/case-workflow.js';
import type { CaseWorkflowInput } from '../../workflows/messages.js';
import { testPayloadCodec } from '../helpers/payload-codec.js';
import { bundleWorkflows } from '../helpers/bundle.js';
import { caseInput } from '../helpers/case-input.js';
import { NATIONAL_DEFAULT, type LinkagePolicy } from '../../domain/policy/linkage-policy.js';

/** The outside world as the fakes see it; tests change it and read what was sent. */
export interface World {
  linkages: Map<string, LinkageTarget[]>;
  loadedYears: YearArrangement[];
  licenceCheck: LicenceCheckResult;
  /** The linkage policy a case started now pins (the national default unless a test sets one). */
  policy: LinkagePolicy;
  sms: SmsRequest[];
  calls: { name: string; key: string; input: unknown }[];
  /** How often the case looked its linkage up. */
  linkageLookups: number;
  /** Every read-model snapshot the case sent, in order. */
  snapshots: CaseSnapshot[];
  /** Where snapshots are written besides `snapshots` (a test sets the real read-model writer). */
  project?: (snapshot: CaseSnapshot) => Promise<unknown>;
  /** One-shot holds: the next call of that activity waits for its gate (a test catches the case mid-step). */
  gates: { verifyLicences?: Gate; resolveCaseLinkage?: Gate; pushArchive?: Gate; planDeadline?: Gate };
}

/** A fresh world: no linkages (linkedCase adds one), no loaded years, licences fine. */
export function newWorld(): World {
  return { linkages: new Map(), loadedYears: [], licenceCheck: { ok: true, missing: [] }, policy: NATIONAL_DEFAULT, sms: [], calls: [], linkageLookups: 0, snapshots: [], gates: {} };
}

/** An activity held open until the test opens the gate; `reached` resolves once it is called. */
export interface Gate {
  reached: Promise<void>;
  arrive(): void;
  open(): void;
  opened: Promise<void>;
}

/** A closed gate. */
export function gate(): Gate {
  let arrive!: () => void;
  let open!: () => void;
  const reached = new Promise<void>((resolve) => (arrive = resolve));
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { reached, arrive, open, opened };
}

/** The default linkage of a test case. */
export const divisionTarget: LinkageTarget = { supervisingDeptCode: 'LYG-SCJGJ', divisionCode: 'LYG-SCJGJ-SPJY', subItemCode: 'FOOD-CHECK', revision: 1 };

/** Waits at the activity's gate, if one is set, and takes it away. */
async function pass(world: World, activity: keyof World['gates']): Promise<void> {
  const held = world.gates[activity];
  if (!held) return;
  delete world.gates[activity];
  held.arrive();
  await held.opened;
}

/** Fake activities over a world. */
export function fakeActivities(world: World): CaseActivities & Pick<Activities, 'projectCase'> {
  const note = (name: string) => async (input: { key?: string }) => {
    world.calls.push({ name, key: input.key ?? '', input });
  };
  return {
    async resolveCaseLinkage({ handlingItemCode }) {
      world.linkageLookups += 1;
      // Read before the gate: a held lookup answers with the world as it was when it was made.
      const linkages = [...(world.linkages.get(handlingItemCode) ?? [])];
      await pass(world, 'resolveCaseLinkage');
      return { allowedModes: ['standard', 'deferral', 'verification', 'postCheck'], linkages };
    },
    async planDeadline(spec, timing?) {
      await pass(world, 'planDeadline');
      return planDeadline(createCalendar(world.loadedYears), spec, timing);
    },
    async pinCasePolicy({ region, decidedAt }) {
      return { ref: { region, versions: [], on: decidedAt.slice(0, 10) }, rules: world.policy };
    },
    async sendSms(request) {
      // The real templates render every SMS, so a parameter the workflow stops sending fails here.
      renderSms(request.template, request.params, request.text);
      // Keyed: a retried activity does not send twice.
      if (!world.sms.some((s) => s.key === request.key)) world.sms.push(request);
      return { recipients: 1 };
    },
    async pushArchive(request) {
      await note('pushArchive')(request);
      await pass(world, 'pushArchive');
    },
    createSupervisionTask: note('createSupervisionTask'),
    pushCreditRecord: note('pushCreditRecord'),
    notifyApprovalPlatform: note('notifyApprovalPlatform'),
    async verifyLicences(request) {
      await note('verifyLicences')(request);
      await pass(world, 'verifyLicences');
      return world.licenceCheck;
    },
    projectCase: async () => {},
    async projectCaseAttention(row) {
      world.calls.push({ name: 'projectCaseAttention', key: row.caseNo, input: row });
    },
    async projectCaseView(snapshot) {
      world.snapshots.push(snapshot);
      await world.project?.(snapshot);
    },
  };
}

/** One environment per test file. */
export async function createEnvironment(): Promise<{ env: TestWorkflowEnvironment; bundle: WorkflowBundleWithSourceMap }> {
  const [env, bundle] = await Promise.all([
    // Sealed as in production, so every payload a case sends goes through the codec with its context.
    TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: inject('testServerPath') } }, client: { dataConverter: { payloadCodecs: [testPayloadCodec()] } } }),
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

/** Who acts in the tests. */
export const people = { division: 'division-admin-1', officer: 'approval-officer-1', platform: 'svc:approval-platform' } as const;

/** The Asia/Shanghai calendar date `days` after an instant, as YYYY-MM-DD. */
export function shanghaiDate(ms: number, days = 0): string {
  return new Date(ms + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A case's search attributes as the server holds them, by name (typed: the time-skipping server
 * keeps a removed attribute as an empty value, which the typed decoder drops like a real server).
 */
export async function searchAttributesOf(handle: WorkflowHandle): Promise<Record<string, unknown>> {
  const { typedSearchAttributes } = await handle.describe();
  return Object.fromEntries(typedSearchAttributes.getAll().map((pair) => [pair.key.name, pair.value]));
}

/** Asserts an update was refused by its validator with a reason matching `pattern`. */
export async function expectRefused(update: Promise<unknown>, pattern: RegExp): Promise<void> {
  await expect(update).rejects.toMatchObject({ cause: { type: 'ActionRefused', message: expect.stringMatching(pattern) } });
}

/** One test file's environment and the helpers to drive cases on it (registers beforeAll/afterAll). */
export function useCaseEnvironment() {
  let env: TestWorkflowEnvironment | undefined;
  let bundle: WorkflowBundleWithSourceMap | undefined;
  beforeAll(async () => {
    ({ env, bundle } = await createEnvironment());
  });
  afterAll(async () => env?.teardown());
  const started: string[] = [];
  const current = () => {
    if (!env || !bundle) throw new Error('the environment is not up yet');
    return { env, bundle };
  };
  const driver = {
    get env(): TestWorkflowEnvironment {
      return current().env;
    },
    /** Runs `body` with a fresh worker over the world's fakes, or over the activities given (the real ones). */
    async withWorker<T>(world: World, body: (taskQueue: string) => Promise<T>, activities: object = fakeActivities(world)): Promise<T> {
      const { env, bundle } = current();
      const taskQueue = `case-${Math.random().toString(36).slice(2)}`;
      const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: bundle, activities, dataConverter: { payloadCodecs: [testPayloadCodec()] } });
      // A failed test must not leave a case running, or the server stops skipping time for the rest
      // of the file. Terminated while the worker still runs and once the case is idle: a case
      // terminated with an activity in flight leaves the time-skipping server locked for good.
      started.length = 0;
      return worker.runUntil(async () => {
        let result: T;
        try {
          result = await body(taskQueue);
        } catch (error) {
          await env.sleep(1000);
          for (const id of started.splice(0)) await env.client.workflow.getHandle(id).terminate('test failed').catch(() => undefined);
          throw error;
        }
        const running = [];
        for (const id of started.splice(0)) {
          if ((await env.client.workflow.getHandle(id).describe()).status.name === 'RUNNING') running.push(id);
        }
        if (running.length > 0) {
          await env.sleep(1000);
          for (const id of running) await env.client.workflow.getHandle(id).terminate('left running');
          throw new Error(`every case of a test must close before it ends; left running: ${running.join(', ')}`);
        }
        return result;
      });
    },
    /** Starts a case as the approval platform does (`historyLimit`: continue as new sooner). */
    start(input: CaseInput, taskQueue: string, options: Pick<CaseWorkflowInput, 'historyLimit'> = {}) {
      started.push(caseWorkflowId(input.caseNo));
      return current().env.client.workflow.start(caseWorkflow, {
        workflowId: caseWorkflowId(input.caseNo),
        taskQueue,
        args: [{ case: input, startedBy: people.platform, ...options }],
      });
    },
    /** Every run of a case, first to latest: each run that continued as new names the next. */
    async runs(handle: { workflowId: string; firstExecutionRunId: string }): Promise<{ runId: string; history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>> }[]> {
      const runs = [];
      for (let runId: string | undefined = handle.firstExecutionRunId; runId; ) {
        const history = await current().env.client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
        runs.push({ runId, history });
        runId = history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
      }
      return runs;
    },
    /**
     * The result of a case that an action has just closed. Not `handle.result()`: the time-skipping
     * client unlocks time skipping while it waits, and the server then jumps ten years ahead.
     */
    result(handle: { workflowId: string }): Promise<CaseView> {
      const { env } = current();
      return new WorkflowClient({ connection: env.connection, namespace: env.namespace ?? 'default', dataConverter: { payloadCodecs: [testPayloadCodec()] } }).result<typeof caseWorkflow>(handle.workflowId);
    },
    /** The environment's time in ms. */
    nowMs(): Promise<number> {
      return current().env.currentTimeMs();
    },
    /** The environment's time as ISO. */
    async nowIso(): Promise<string> {
      return new Date(await current().env.currentTimeMs()).toISOString();
    },
    /** Skips time to `afterMs` past an instant (never backwards). */
    async sleepUntil(instant: string | number, afterMs = 1000): Promise<void> {
      const target = (typeof instant === 'string' ? Date.parse(instant) : instant) + afterMs;
      const wait = target - (await current().env.currentTimeMs());
      if (wait > 0) await current().env.sleep(wait);
    },
  };
  return driver;
}
