// Drives the demo's cases through the API: starts each case of the scenario table as the approval
// platform, then takes its steps, each as the one who may (division admin, approval officer,
// catalogue admin), waiting for the case to be ready for the step (its stage, its pending decision).
// Each case carries its papers as staff would: the archive uploaded before the push, and each step's
// documents (inspection record and photo, orders, reports, proposals, decisions) uploaded and
// named in the step.
import type { CaseInput } from '../../../domain/case.js';
import type { FileKind } from '../../../domain/files.js';
import type { CaseView } from '../../../domain/case/state.js';
import type { Principal } from '../../../domain/access.js';
import { actors } from './actors.js';
import type { ApiClient, UploadedFile } from './api-client.js';
import { approvalItems, commitmentTexts, handlingItems, lateLinkedItem, type HandlingItemRow } from './catalogue.js';
import { jpegBytes, pdfBytes, pngBytes } from './documents.js';
import { creditCodeOf, enterprises, runTagOf } from './enterprises.js';
import { regionOfDept } from './organisation.js';
import { scenarios, type Scenario, type Step } from './scenarios.js';

/** One run of the demo: its tag (in credit codes and the late-linked item) and its case numbers' prefix. */
export interface DemoRun {
  tag: string;
  caseNoPrefix: string;
}

/** A new run, named for its instant: case numbers LYG-<date>-<time>-NN (Asia/Shanghai) never repeat an earlier run's. */
export function newRun(at: Date = new Date()): DemoRun {
  const local = new Date(at.getTime() + SHANGHAI_MS).toISOString();
  return { tag: runTagOf(at), caseNoPrefix: `LYG-${local.slice(0, 10).replace(/-/g, '')}-${local.slice(11, 19).replace(/:/g, '')}` };
}

/** What to drive. */
export interface DriveOptions {
  /** At most this many cases of each scenario (the test runs fewer than the full demo). */
  perScenario?: number;
  /** Only the scenarios with these names. */
  only?: readonly string[];
  /** Cases driven at the same time. */
  concurrency?: number;
  /** After each case start and each step. */
  onProgress?: (done: number, total: number) => void;
}

/** A case the demo started, and how its driving went. */
export interface DrivenCase {
  caseNo: string;
  scenario: string;
  mode: Scenario['mode'];
  creditCode: string;
  approvalDept: string;
  temporalUiUrl: string;
  /** Files uploaded and attached to it (its archive and its steps' documents). */
  files: number;
  /** Why driving it stopped short, if it did. */
  error?: string;
}

/** How long a case may take to become ready for its next step. */
const READY_TIMEOUT_MS = 60_000;
const POLL_MS = 250;
const DAY_MS = 86_400_000;
const SHANGHAI_MS = 8 * 3_600_000;

/** A date in Asia/Shanghai, `days` calendar days from `now`. */
const shanghaiDay = (now: Date, days = 0) => new Date(now.getTime() + SHANGHAI_MS + days * DAY_MS).toISOString().slice(0, 10);

/** The cases the options ask for, in the order they start (scenario by scenario, round-robin). */
export function plannedCases(options: Pick<DriveOptions, 'perScenario' | 'only'> = {}): { scenario: Scenario; applicant: string }[] {
  const chosen = scenarios.filter((s) => !options.only || options.only.includes(s.name));
  const counts = chosen.map((s) => Math.min(s.count, options.perScenario ?? s.count));
  const planned: { scenario: Scenario; applicant: string }[] = [];
  // Round-robin, so that the first cases already show every kind.
  for (let round = 0; round < Math.max(0, ...counts); round++) {
    chosen.forEach((scenario, i) => {
      if (round < counts[i]!) planned.push({ scenario, applicant: scenario.applicants[round % scenario.applicants.length]! });
    });
  }
  return planned;
}

/** Starts and drives the cases; answers each case, driven or stopped with its error. */
export async function driveCases(api: ApiClient, run: DemoRun, options: DriveOptions = {}): Promise<DrivenCase[]> {
  const planned = plannedCases(options);
  const total = planned.reduce((sum, p) => sum + 1 + p.scenario.steps.length, 0);
  let done = 0;
  const tick = () => options.onProgress?.(++done, total);
  const decidedAt = await decisionInstants(api, planned.map((p) => p.scenario.decidedWorkingDaysAgo));

  const results: DrivenCase[] = [];
  let next = 0;
  const runner = async () => {
    while (next < planned.length) {
      const index = next++;
      const { scenario, applicant } = planned[index]!;
      const caseNo = `${run.caseNoPrefix}-${String(index + 1).padStart(2, '0')}`;
      const input = caseInputOf(scenario, applicant, caseNo, run, decidedAt.get(scenario.decidedWorkingDaysAgo)!);
      const driven: DrivenCase = { caseNo, scenario: scenario.name, mode: scenario.mode, creditCode: input.applicant.creditCode, approvalDept: input.approvalDept, temporalUiUrl: '', files: 0 };
      results[index] = driven;
      let ticks = 0;
      const stepDone = () => (ticks++, tick());
      const attach = attacher(api, driven);
      try {
        // The archive is uploaded first, then named in the push by kind and hash.
        const archive = await Promise.all(
          archiveOf(caseNo).map(async (document) => {
            const [file] = await attach(actors.platform, `/api/files?dept=${encodeURIComponent(input.approvalDept)}&`, [document]);
            return { kind: document.kind, sha256: file!.sha256 };
          }),
        );
        const started = await api.call<{ temporalUiUrl: string }>(actors.platform, 'POST', '/api/cases', { ...input, archive }, [201, 200]);
        driven.temporalUiUrl = started.body.temporalUiUrl;
        stepDone();
        let view: CaseView | undefined;
        for (const step of scenario.steps) {
          view = await takeStep(api, attach, input, step, view);
          stepDone();
        }
      } catch (error) {
        driven.error = (error as Error).message;
        // The steps it did not take count as done for the bar.
        while (ticks < 1 + scenario.steps.length) stepDone();
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, runner));
  return results;
}

/** The case input of a scenario's case. */
export function caseInputOf(scenario: Scenario, applicant: string, caseNo: string, run: DemoRun, decidedAt: string): CaseInput {
  const item: HandlingItemRow =
    scenario.item === 'late-linked'
      ? { code: lateLinkedItem.code(run.tag), approvalItem: lateLinkedItem.approvalItem, name: lateLinkedItem.name(run.tag), modes: [], materials: lateLinkedItem.materials }
      : handlingItems.find((h) => h.code === scenario.item)!;
  const approvalDept = approvalItems.find(([code]) => code === item.approvalItem)![1];
  const [, name] = enterprises.find(([key]) => key === applicant)!;
  const input: CaseInput = {
    caseNo,
    region: regionOfDept(approvalDept),
    approvalDept,
    approvalItem: item.approvalItem,
    handlingItem: item.code,
    applicant: { name, creditCode: creditCodeOf(applicant, run.tag), phone: `1380518${caseNo.slice(-4).replace(/\D/g, '0')}` },
    mode: scenario.mode,
    decidedAt,
    opinion: scenario.mode === 'standard' ? '申请材料齐全，符合法定形式，准予许可' : '申请人作出书面承诺，按告知承诺制准予许可',
    materials: [...item.materials],
  };
  if (scenario.mode !== 'standard') input.commitment = commitmentTexts[scenario.mode];
  if (scenario.mode === 'deferral') {
    input.deferral = { materials: [...(item.deferred ?? ['补充材料'])], dueDate: shanghaiDay(new Date(), scenario.materialsDueInDays ?? 10) };
  }
  return input;
}

/**
 * The decision instant of each "working days ago" the cases need: today's cases a minute ago, the
 * others at 10:00 on the working day that many working days back, counted on the system's own
 * calendar (GET /api/calendar/days).
 */
async function decisionInstants(api: ApiClient, workingDaysAgo: readonly number[]): Promise<Map<number, string>> {
  const now = new Date();
  const from = shanghaiDay(now, -60);
  const to = shanghaiDay(now, -1);
  const { body: days } = await api.call<{ date: string; working: boolean }[]>(actors.platform, 'GET', `/api/calendar/days?from=${from}&to=${to}`);
  const working = days.filter((d) => d.working).map((d) => d.date);
  const instants = new Map<number, string>();
  for (const n of new Set(workingDaysAgo)) {
    instants.set(n, n === 0 ? new Date(now.getTime() - 60_000).toISOString() : `${working[working.length - n]}T10:00:00+08:00`);
  }
  return instants;
}

/** A paper to upload: what it is, its name as staff see it, its bytes. */
interface Document {
  kind: FileKind;
  name: string;
  bytes: Buffer;
}

/** Uploads documents and answers them, counting them on the case. */
type Attach = (as: Principal, url: string, documents: readonly Document[]) => Promise<UploadedFile[]>;

/**
 * Uploads each document to `url` (a files route, ending in `?` or `&`: the kind is added) as `as`,
 * in order; answers the files, whose IDs the step then names.
 */
function attacher(api: ApiClient, driven: DrivenCase): Attach {
  return async (as, url, documents) => {
    const files: UploadedFile[] = [];
    for (const { kind, name, bytes } of documents) {
      files.push(await api.upload(as, `${url}kind=${kind}`, name, bytes));
      driven.files++;
    }
    return files;
  };
}

/** A PDF whose text names what it is and the case (so every case's bytes are its own). */
const pdf = (kind: FileKind, name: string, label: string): Document => ({ kind, name, bytes: pdfBytes(label) });

/** The archive the approval platform pushes each case with: the signed commitment and the result. */
const archiveOf = (caseNo: string): Document[] => [
  pdf('commitment-letter', '告知承诺书.pdf', `Commitment letter, case ${caseNo}`),
  pdf('approval-result', '办理结果.pdf', `Approval result, case ${caseNo}`),
];

/** Findings the divisions record, first inspection and re-inspection. */
const findings = {
  first: '现场检查发现：实际经营条件与承诺内容不符，部分设施未按要求配置',
  again: '复查发现：整改未到位，仍不符合许可条件',
};

/** Takes one step, once the case is ready for it; answers the case after it. */
async function takeStep(api: ApiClient, attach: Attach, input: CaseInput, step: Step, last: CaseView | undefined): Promise<CaseView> {
  const caseUrl = `/api/cases/${input.caseNo}`;
  const officer = actors.officer(input.approvalDept);
  const post = async (as: Principal, path: string, body: object) => (await api.call<CaseView>(as, 'POST', path, body)).body;
  const taskUrl = (taskId: string, action: string) => `/api/tasks/${encodeURIComponent(taskId)}/${action}`;
  /** Uploads the documents as `as` to `filesUrl`, then posts the body naming them in `files`. */
  const postWith = async (as: Principal, filesUrl: string, path: string, body: object, documents: readonly Document[]) => {
    const files = await attach(as, filesUrl, documents);
    return post(as, path, files.length ? { ...body, files: files.map((f) => f.id) } : body);
  };
  /** Every task in one of `statuses` gets the action, with its documents, from its own division. */
  const onTasks = async (view: CaseView, statuses: string[], action: string, body: () => object, documents: (taskId: string) => Document[] = () => []) => {
    let after = view;
    for (const task of view.tasks.filter((t) => statuses.includes(t.status))) {
      after = await postWith(actors.divisionAdmin(task.divisionCode), `${taskUrl(task.taskId, 'files')}?`, taskUrl(task.taskId, action), body(), documents(task.taskId));
    }
    return after;
  };
  const now = new Date();
  const again = last?.tasks.some((t) => t.status === 'reinspecting') ?? false;

  switch (step) {
    case 'materials': {
      await ready(api, caseUrl, last, (v) => v.stage === 'awaiting_materials');
      return post(officer, `${caseUrl}/materials`, { materials: input.deferral!.materials });
    }
    case 'keep':
    case 'revokeCommitment': {
      await ready(api, caseUrl, last, (v) => v.pendingDecisions.some((d) => d.kind === 'commitment'));
      const decision = step === 'keep' ? { decision: 'keep', reason: '申请人已说明情况，经研究不撤销审批决定，继续监管' } : { decision: 'revoke', reason: '申请人未履行承诺，依法撤销审批决定' };
      return post(officer, `${caseUrl}/decisions`, { kind: 'commitment', ...decision });
    }
    case 'link': {
      const view = await ready(api, caseUrl, last, (v) => v.timeline.some((e) => e.action === 'linkage.missing'));
      await api.call(actors.catalogueAdmin, 'POST', '/api/catalogue/linkages', { handlingItemCode: input.handlingItem, ...lateLinkedItem.linkage, reason: '编办明确监管责任（L4）' });
      return view;
    }
    case 'view': {
      const view = await ready(api, caseUrl, last, (v) => v.stage === 'supervising' && v.tasks.length > 0);
      return onTasks(view, ['notified'], 'view', () => ({}));
    }
    case 'compliant':
      return onTasks(await ready(api, caseUrl, last, () => true), ['viewed', 'reinspecting'], 'inspections', () => ({ inspectedAt: now.toISOString(), result: 'compliant' }));
    case 'noncompliant': {
      const which = again ? 'Re-inspection' : 'Inspection';
      return onTasks(
        await ready(api, caseUrl, last, () => true),
        ['viewed', 'reinspecting'],
        'inspections',
        () => ({ inspectedAt: now.toISOString(), result: 'noncompliant', findings: again ? findings.again : findings.first }),
        (taskId) => [
          pdf('inspection-record', '现场检查记录.pdf', `${which} record, task ${taskId}`),
          { kind: 'inspection-photo', name: '现场照片.png', bytes: pngBytes(`${which} photo, task ${taskId}`) },
        ],
      );
    }
    case 'order':
      return onTasks(
        await ready(api, caseUrl, last, () => true),
        ['noncompliant'],
        'rectification-orders',
        () => ({ dueDate: shanghaiDay(now, 7), requirements: '限期7日内完成整改，并提交整改报告及整改前后对比照片' }),
        (taskId) => [pdf('rectification-order', '责令整改通知书.pdf', `Rectification order, task ${taskId}`)],
      );
    case 'report':
      return onTasks(
        await ready(api, caseUrl, last, () => true),
        ['rectifying'],
        'rectification-reports',
        () => ({ report: '已按整改通知要求完成整改，附整改报告及照片' }),
        (taskId) => [
          pdf('rectification-report', '整改报告.pdf', `Rectification report, task ${taskId}`),
          { kind: 'rectification-evidence', name: '整改后照片.jpg', bytes: jpegBytes(`Rectification evidence, task ${taskId}`) },
        ],
      );
    case 'propose':
      return onTasks(
        await ready(api, caseUrl, last, () => true),
        ['revocation_due'],
        'revocation-proposals',
        () => ({ reason: '整改后复查仍不符合许可条件，建议撤销行政许可' }),
        (taskId) => [pdf('revocation-proposal', '撤销建议书.pdf', `Revocation proposal, task ${taskId}`)],
      );
    case 'revoke':
    case 'decline': {
      const view = await ready(api, caseUrl, last, (v) => v.pendingDecisions.some((d) => d.kind === 'revocation'));
      const taskId = view.pendingDecisions.find((d) => d.kind === 'revocation')!.taskId!;
      const decision =
        step === 'revoke'
          ? { decision: 'revoke', reason: '经审查，申请人整改后仍不符合许可条件，撤销行政许可', documentNo: `连审批撤〔${now.getFullYear()}〕${input.caseNo.slice(-2)}号` }
          : { decision: 'decline', reason: '经研究，申请人主要问题已整改，违法情节轻微，暂不撤销许可；请处室继续跟踪检查' };
      const document =
        step === 'revoke'
          ? pdf('revocation-decision', '撤销结果决定书.pdf', `Revocation decision, case ${input.caseNo}`)
          : pdf('written-explanation', '不予撤销书面说明.pdf', `Written explanation (revocation declined), case ${input.caseNo}`);
      return postWith(officer, `${caseUrl}/files?`, `${caseUrl}/decisions`, { kind: 'revocation', taskId, ...decision }, [document]);
    }
    case 'withdraw':
      return post(actors.platform, `${caseUrl}/withdrawal`, { reason: '申请人申请撤回' });
  }
}

/** Waits until the case is ready (`last` answers at once when it already is); answers it then. */
async function ready(api: ApiClient, caseUrl: string, last: CaseView | undefined, isReady: (view: CaseView) => boolean): Promise<CaseView> {
  if (last && isReady(last)) return last;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const { body: view } = await api.call<CaseView>(actors.auditor, 'GET', caseUrl);
    if (isReady(view)) return view;
    if (Date.now() > deadline) throw new Error(`${caseUrl} did not become ready within ${READY_TIMEOUT_MS / 1000} s (stage ${view.stage})`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
