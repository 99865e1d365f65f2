// SMS to staff and applicants (L9, Dongli 一(一)1): the recipients are looked up here, one outbox row per
// recipient keyed `<request key>:<person id>` (or `:applicant`), so a retry sends nobody twice.
import { ApplicationFailure } from '@temporalio/common';
import type { DbOrTx } from '../../db/audit.js';
import { recordMessage } from '../../db/outbox.js';
import {
  approvalOfficerRecipients,
  catalogueAdminRecipients,
  coordinatorRecipients,
  divisionAdminRecipients,
  type Reachable,
} from '../../db/recipients.js';
import { renderSms } from '../../domain/sms-templates.js';
import type { SmsRecipient, SmsRequest } from '../contracts.js';
import type { AdapterContext } from './outbox.js';

/** The people (or the applicant) an SMS recipient stands for, by id; phones may be missing. */
export async function resolveRecipients(db: DbOrTx, to: SmsRecipient): Promise<Reachable[]> {
  switch (to.kind) {
    case 'applicant':
      return [{ id: 'applicant', phone: to.phone }];
    case 'divisionAdmin':
      return divisionAdminRecipients(db, to.divisionCode);
    case 'coordinator':
      return coordinatorRecipients(db, to.deptCode, to.level);
    case 'catalogueAdmins':
      return catalogueAdminRecipients(db, to.region);
    case 'approvalOfficers':
      return approvalOfficerRecipients(db, to.deptCode);
  }
}

/** Where an SMS was meant to go, for the outbox row of a message nobody receives. */
function describe(to: SmsRecipient): string {
  switch (to.kind) {
    case 'applicant':
      return 'applicant';
    case 'divisionAdmin':
      return `divisionAdmin:${to.divisionCode}`;
    case 'coordinator':
      return `coordinator:${to.deptCode}:${to.level}`;
    case 'catalogueAdmins':
      return `catalogueAdmins:${to.region}`;
    case 'approvalOfficers':
      return `approvalOfficers:${to.deptCode}`;
  }
}

/**
 * Sends an SMS to everyone the recipient stands for — recorded for the outbox relay, so the case
 * never waits for the gateway; answers how many have a phone to send to. Nobody found, or someone
 * without a phone, is recorded as a dead letter so ops can see it.
 */
export async function sendSms(ctx: Omit<AdapterContext, 'db'> & { db: DbOrTx }, request: SmsRequest): Promise<{ recipients: number }> {
  let text: string;
  try {
    text = renderSms(request.template, request.params, request.text);
  } catch (error) {
    // A missing parameter is a bug: retried (not failed), the case waits, visibly, for the fix
    // to be deployed instead of failing over the wording of a message.
    throw ApplicationFailure.retryable((error as Error).message, 'SmsTemplateError');
  }
  const { key, to, ...rest } = request;
  // The applicant's phone lives in `address`; the payload keeps the recipient without it.
  const payload = { ...rest, to: to.kind === 'applicant' ? { kind: 'applicant' } : to, text };
  const base = { channel: 'sms' as const, purpose: request.template, why: request.why, caseNo: request.caseNo, payload };

  const people = await resolveRecipients(ctx.db, to);
  if (people.length === 0) {
    await recordMessage(ctx.db, { ...base, key: `${key}:none`, recipient: describe(to), status: 'dead', lastError: 'no recipient' });
    return { recipients: 0 };
  }
  let reached = 0;
  for (const person of people) {
    const message = { ...base, key: `${key}:${person.id}`, recipient: person.id };
    if (!person.phone) {
      await recordMessage(ctx.db, { ...message, status: 'dead', lastError: 'no phone' });
      continue;
    }
    reached += 1;
    await recordMessage(ctx.db, { ...message, address: person.phone });
  }
  return { recipients: reached };
}
