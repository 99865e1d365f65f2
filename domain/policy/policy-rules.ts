// The rules a region's linkage policy settings must keep, checked before a version is stored: every
// problem at once, in Chinese, so an administrator fixes a version in one go. Pure.
import { configurableModes } from '../catalogue.js';
import type { Problem } from '../people.js';
import { smsTemplates, templateParams, type SmsTemplateName } from '../sms-templates.js';
import { policyLimitKinds, type LinkagePolicy, type PolicyLimitKind, type PolicySettings } from './linkage-policy.js';

const MAX_WORKING_DAYS = 60;
/** The limits a region may leave unset (its text sets none); the others every case needs. */
const nullableLimits: readonly PolicyLimitKind[] = ['postCheckStart', 'postCheckFinish', 'revocationProposal'];
const settingKeys = ['workingDays', 'modes', 'warning', 'escalation', 'linkageRecheckHours', 'smsTemplates'] as const;
const warningKeys = ['workingDaysBefore', 'hour'] as const;
const TEMPLATE_MAX_CHARS = 300;
const PLACEHOLDER = /\{(\w+)\}/g;

const isInt = (value: unknown, min: number, max: number): value is number => Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every problem of a version's settings; empty when it may be stored. */
export function policySettingsProblems(settings: PolicySettings): Problem[] {
  const problems: Problem[] = [];
  const add = (field: string, rule: string, message: string) => problems.push({ field: `settings/${field}`, rule, message });
  const raw = settings as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!(settingKeys as readonly string[]).includes(key)) add(key, 'unknown', `未知的设置项：${key}`);
  }
  if (raw.workingDays !== undefined) workingDaysProblems(raw.workingDays, add);
  if (raw.modes !== undefined) modesProblems(raw.modes, add);
  if (raw.warning !== undefined) warningProblems(raw.warning, add);
  if (raw.escalation !== undefined) escalationProblems(raw.escalation, add);
  if (raw.linkageRecheckHours !== undefined && !isInt(raw.linkageRecheckHours, 1, 168)) {
    add('linkageRecheckHours', 'range', '关联复查间隔须为 1–168 之间的整数（小时）');
  }
  if (raw.smsTemplates !== undefined) smsProblems(raw.smsTemplates, add);
  return problems;
}

/** Problems only the merged policy shows: what a version sets together with what it inherits. */
export function policyProblemsOfEffective(policy: LinkagePolicy): Problem[] {
  const { postCheckStart: start, postCheckFinish: finish } = policy.workingDays;
  if ((start === null) !== (finish === null)) {
    return [{ field: 'settings/workingDays/postCheckFinish', rule: 'paired', message: '与上级规则合并后，事后核查启动与完成期限须同时设定或同时不设' }];
  }
  if (start !== null && finish !== null && finish < start) {
    return [{ field: 'settings/workingDays/postCheckFinish', rule: 'order', message: `与上级规则合并后，事后核查完成期限（${finish} 个工作日）不得短于启动期限（${start} 个工作日）` }];
  }
  return [];
}

type Add = (field: string, rule: string, message: string) => void;

function workingDaysProblems(value: unknown, add: Add): void {
  if (!isObject(value)) return add('workingDays', 'type', '期限设置须为对象');
  for (const [kind, days] of Object.entries(value)) {
    const field = `workingDays/${kind}`;
    if (!(policyLimitKinds as readonly string[]).includes(kind)) add(field, 'unknown', `未知的期限：${kind}`);
    else if (days === null) {
      if (!nullableLimits.includes(kind as PolicyLimitKind)) add(field, 'required', `${kind} 期限不能不设，须为 1–${MAX_WORKING_DAYS} 个工作日`);
    } else if (!isInt(days, 1, MAX_WORKING_DAYS)) add(field, 'range', `期限须为 1–${MAX_WORKING_DAYS} 之间的整数（工作日）`);
  }
  const start = value.postCheckStart;
  const finish = value.postCheckFinish;
  // Only what this version sets is compared here; a half set pair is checked on the merged policy.
  if (start !== undefined && finish !== undefined) {
    if ((start === null) !== (finish === null)) add('workingDays/postCheckFinish', 'paired', '事后核查启动与完成期限须同时设定或同时不设');
    else if (typeof start === 'number' && typeof finish === 'number' && finish < start) {
      add('workingDays/postCheckFinish', 'order', `事后核查完成期限（${finish}）不得短于启动期限（${start}）`);
    }
  }
}

function modesProblems(value: unknown, add: Add): void {
  if (!Array.isArray(value)) return add('modes', 'type', '告知承诺方式须为列表');
  const seen = new Set<unknown>();
  value.forEach((mode, i) => {
    if (!(configurableModes as readonly unknown[]).includes(mode)) add(`modes/${i}`, 'enum', `未知的告知承诺方式：${String(mode)}，可选 ${configurableModes.join('、')}`);
    else if (seen.has(mode)) add(`modes/${i}`, 'unique', `告知承诺方式重复：${String(mode)}`);
    seen.add(mode);
  });
}

function warningProblems(value: unknown, add: Add): void {
  if (!isObject(value)) return add('warning', 'type', '预警设置须为对象');
  for (const key of Object.keys(value)) if (!(warningKeys as readonly string[]).includes(key)) add(`warning/${key}`, 'unknown', `未知的预警设置项：${key}`);
  if (value.hour !== undefined && !isInt(value.hour, 0, 23)) add('warning/hour', 'range', '预警时刻须为 0–23 之间的整数（时）');
  if (value.workingDaysBefore !== undefined && !isInt(value.workingDaysBefore, 0, 5)) add('warning/workingDaysBefore', 'range', '预警提前量须为 0–5 之间的整数（工作日）');
}

function escalationProblems(value: unknown, add: Add): void {
  if (!Array.isArray(value)) return add('escalation', 'type', '超期督办层级须为列表');
  if (value.length < 1 || value.length > 3) add('escalation', 'length', '超期督办须有 1–3 级');
  const levels = new Set<unknown>();
  let previous = -1;
  value.forEach((step: unknown, i) => {
    if (!isObject(step)) return add(`escalation/${i}`, 'type', '督办层级须为对象');
    if (![1, 2, 3].includes(step.level as number)) add(`escalation/${i}/level`, 'enum', '协调员层级须为 1、2 或 3');
    else if (levels.has(step.level)) add(`escalation/${i}/level`, 'unique', `协调员层级重复：${String(step.level)}`);
    levels.add(step.level);
    if (!isInt(step.workingDaysLate, 0, 30)) add(`escalation/${i}/workingDaysLate`, 'range', '超期工作日须为 0–30 之间的整数');
    else {
      if (step.workingDaysLate <= previous) add(`escalation/${i}/workingDaysLate`, 'order', '各级督办的超期工作日须逐级递增');
      previous = step.workingDaysLate;
    }
  });
}

function smsProblems(value: unknown, add: Add): void {
  if (!isObject(value)) return add('smsTemplates', 'type', '短信模板须为对象');
  for (const [name, text] of Object.entries(value)) {
    const field = `smsTemplates/${name}`;
    if (!Object.hasOwn(smsTemplates, name)) {
      add(field, 'unknown', `未知的短信模板：${name}`);
      continue;
    }
    if (typeof text !== 'string' || text.length < 1 || text.length > TEMPLATE_MAX_CHARS) {
      add(field, 'length', `短信模板须为 1–${TEMPLATE_MAX_CHARS} 个字符`);
      continue;
    }
    // The workflow fills exactly the default's parameters: another would stay as `{x}` in the SMS.
    const wanted = new Set(templateParams(name as SmsTemplateName));
    const used = new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!));
    const missing = [...wanted].filter((p) => !used.has(p));
    const extra = [...used].filter((p) => !wanted.has(p));
    if (missing.length > 0 || extra.length > 0) {
      const parts = [missing.length > 0 ? `缺少 ${missing.map((p) => `{${p}}`).join('')}` : '', extra.length > 0 ? `不能使用 ${extra.map((p) => `{${p}}`).join('')}` : ''].filter(Boolean);
      add(field, 'placeholders', `短信模板的占位符须与默认模板一致（${[...wanted].map((p) => `{${p}}`).join('')}）：${parts.join('，')}`);
    }
  }
}
