// The case as people and the read model see it: the applicant's phone masked (脱敏). The full
// number is the applicant's personal data and only the SMS path needs it (the workflow holds it);
// staff recognise a number by its first three and last four digits.
import type { CaseView } from './state.js';

/** A phone with all but its first three and last four digits replaced by `*`; a short one wholly. */
export function maskPhone(phone: string): string {
  if (phone.length < 8) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}

/** The view with the applicant's phone masked; everything else as it is. */
export function maskedView(view: CaseView): CaseView {
  const { applicant } = view.input;
  return { ...view, input: { ...view.input, applicant: { ...applicant, phone: maskPhone(applicant.phone) } } };
}
