// Drives the run's cases through the API while the faults go on, as the approval platform and the
// divisions would, and as clients that retry should: a start is sent again until it is answered
// (identical, so a repeat answers 200 with the case), then once more on purpose; each supervisor
// action carries an Idempotency-Key and is sent again with the same key after a 503 or no answer,
// and once more on purpose after it was applied (README, The API contract; How the pieces fit).
// Every case is a standard one of the demo's catalogue: start → pushed, task notified (L9) →
// viewed → inspected compliant → closed, the path whose speed BENCHMARKS.md measures.
import type { CaseInput } from '../../domain/case.js';
import type { CaseView } from '../../domain/case/state.js';
import { actors } from '../lib/demo/actors.js';
import type { ApiClient } from '../lib/demo/api-client.js';
import { caseInputOf, newRun } from '../lib/demo/drive.js';
import { scenarios } from '../lib/demo/scenarios.js';
import { send } from './answers.js';

/** A case of the run and how far it got. */
export interface DrivenCase {
  caseNo: string;
  input: CaseInput;
  /** A start of it was answered 2xx. */
  accepted: boolean;
  /** It reached `closed` as seen through the API. */
  closed: boolean;
  /** Why driving it stopped short, if it did. */
  error?: string;
  /** Which of the driver's API clients it is driven through (0 with one). */
  via: number;
}

/** An action that was applied, kept to be sent again with its key (each repeat must answer its first outcome). */
interface AppliedAction {
  as: Parameters<typeof send>[2];
  path: string;
  body: object;
  key: string;
}

const RETRY_MS = 1000;
const POLL_MS = 1500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The demo's scenario of a standard case handled in time (view, then a compliant inspection). */
const scenario = scenarios.find((s) => s.mode === 'standard' && s.decidedWorkingDaysAgo === 0 && s.steps.join() === 'view,compliant')!;

/**
 * The driver: cases started one by one at a steady pace, each driven to its end on its own. With
 * several API clients, the cases take turns: each is driven through one of them throughout.
 */
export class CaseDriver {
  readonly cases: DrivenCase[] = [];
  private readonly applied: AppliedAction[] = [];
  private deadline = Number.POSITIVE_INFINITY;
  readonly run = newRun();
  private readonly driving: Promise<void>[] = [];

  private readonly apis: readonly ApiClient[];

  /** `label` starts every case number (`CHAOS-…`). */
  constructor(
    apis: ApiClient | readonly ApiClient[],
    private readonly label = 'CHAOS',
  ) {
    this.apis = Array.isArray(apis) ? apis : [apis as ApiClient];
  }

  /** The first client: the one probes and the run's own calls go through. */
  private get api(): ApiClient {
    return this.apis[0]!;
  }

  /** From now on, every case must be done by `at` (the end of the settle time); what is not is stuck. */
  settleBy(at: number): void {
    this.deadline = at;
  }

  private late(): boolean {
    return Date.now() > this.deadline;
  }

  /** Starts `count` cases, one every `everyMs`; resolves once every one of them has ended or given up. */
  async drive(count: number, everyMs: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const caseNo = `${this.label}-${this.run.caseNoPrefix.slice(4)}-${String(i + 1).padStart(4, '0')}`;
      const applicant = scenario.applicants[i % scenario.applicants.length]!;
      // Decided a minute ago, like the demo's cases of today.
      const input = caseInputOf(scenario, applicant, caseNo, this.run, new Date(Date.now() - 60_000).toISOString());
      const driven: DrivenCase = { caseNo, input, accepted: false, closed: false, via: i % this.apis.length };
      this.cases.push(driven);
      this.driving.push(this.driveOne(driven, this.apis[driven.via]!).catch((error: unknown) => void (driven.error = (error as Error).message)));
      if (i < count - 1) await sleep(everyMs);
    }
    await Promise.all(this.driving);
  }

  /**
   * Until `stopped()`: every second one read of a case, one repeated action and one repeated start,
   * sent without waiting for the last second's answers, so that each outage is met by all three
   * kinds of request all along, whatever the cases are doing and however long answers take.
   */
  async probe(stopped: () => boolean): Promise<void> {
    const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)];
    const sent: Promise<unknown>[] = [];
    while (!stopped()) {
      const some = pick(this.cases.filter((c) => c.accepted));
      const action = pick(this.applied);
      if (some) sent.push(send(this.api, 'read', actors.auditor, 'GET', `/api/cases/${some.caseNo}`), send(this.api, 'start', actors.platform, 'POST', '/api/cases', { body: some.input }));
      if (action) sent.push(send(this.api, 'action', action.as, 'POST', action.path, { body: action.body, idempotencyKey: action.key }));
      await sleep(RETRY_MS);
    }
    await Promise.all(sent);
  }

  private async driveOne(driven: DrivenCase, api: ApiClient): Promise<void> {
    const { caseNo, input } = driven;
    for (;;) {
      const { status } = await send(api, 'start', actors.platform, 'POST', '/api/cases', { body: input });
      if (status === 200 || status === 201) break;
      if (status !== 503 && status !== 0 && status < 500) throw new Error(`办件受理被拒绝（${status}）`);
      if (this.late()) throw new Error(`办件始终未受理（最后 ${status}）`);
      await sleep(RETRY_MS);
    }
    driven.accepted = true;
    // The same start again: answered from the case-number table, 200 with the case.
    await send(api, 'start', actors.platform, 'POST', '/api/cases', { body: input });

    let view = await this.waitFor(api, caseNo, (v) => v.stage === 'supervising' && v.tasks.length > 0);
    for (const task of view.tasks.filter((t) => t.status === 'notified')) {
      view = await this.act(api, caseNo, actors.divisionAdmin(task.divisionCode), task.taskId, 'view', {}, (v) => v.tasks.some((t) => t.taskId === task.taskId && t.status !== 'notified'));
    }
    const inspectedAt = new Date().toISOString();
    for (const task of view.tasks.filter((t) => t.status === 'viewed')) {
      await this.act(api, caseNo, actors.divisionAdmin(task.divisionCode), task.taskId, 'inspections', { inspectedAt, result: 'compliant' }, (v) =>
        v.tasks.some((t) => t.taskId === task.taskId && t.inspections.length > 0),
      );
    }
    await this.waitFor(api, caseNo, (v) => v.stage === 'closed');
    driven.closed = true;
  }

  /** Reads the case until `done` holds; throws past the settle deadline. */
  private async waitFor(api: ApiClient, caseNo: string, done: (view: CaseView) => boolean): Promise<CaseView> {
    for (;;) {
      const { status, body } = await send<CaseView>(api, 'read', actors.auditor, 'GET', `/api/cases/${caseNo}`);
      if (status === 200 && body && done(body)) return body;
      if (this.late()) throw new Error(`办件未推进（${status === 200 && body ? body.stage : status}）`);
      await sleep(POLL_MS);
    }
  }

  /** Takes an action on a task under one Idempotency-Key until it is applied (`applied` holds), then sends it once more. */
  private async act(api: ApiClient, caseNo: string, as: Parameters<typeof send>[2], taskId: string, action: string, body: object, applied: (view: CaseView) => boolean): Promise<CaseView> {
    const path = `/api/tasks/${encodeURIComponent(taskId)}/${action}`;
    const key = `${taskId}.${action}`;
    for (;;) {
      const { status, body: answer } = await send<CaseView>(api, 'action', as, 'POST', path, { body, idempotencyKey: key });
      if (status === 200 && answer) {
        this.applied.push({ as, path, body, key });
        await send(api, 'action', as, 'POST', path, { body, idempotencyKey: key });
        return answer;
      }
      // Refused by the case's state: perhaps an earlier attempt was applied after all.
      if (status === 409) {
        const { status: readStatus, body: view } = await send<CaseView>(api, 'read', actors.auditor, 'GET', `/api/cases/${caseNo}`);
        if (readStatus === 200 && view && applied(view)) return view;
      } else if (status !== 503 && status !== 0 && status < 500) {
        throw new Error(`${action} 被拒绝（${status}）`);
      }
      if (this.late()) throw new Error(`${action} 始终未完成（最后 ${status}）`);
      await sleep(RETRY_MS);
    }
  }
}
