// Schemas of the licences the default e-licence check reads (电子证照).
import { Type } from '@sinclair/typebox';
import { CivilDate, CreditCode } from './common.js';
import { Reason } from './organisation.js';

const LicenceName = Type.String({ minLength: 1, maxLength: 200, description: 'Licence name as cases declare it, e.g. 食品经营许可证' });
const LicenceNo = Type.String({ minLength: 1, maxLength: 100, description: 'Licence number (证照编号)' });
const Day = CivilDate('Last valid day (Asia/Shanghai)');

/** One licence of an enterprise. */
export const LicenceSchema = Type.Object({
  name: LicenceName,
  licenceNo: LicenceNo,
  validUntil: Type.Union([Day, Type.Null()], { description: 'Last valid day; null = no expiry' }),
  revoked: Type.Boolean(),
});

/** The licences of an enterprise. */
export const LicencesSchema = Type.Object({ creditCode: CreditCode, licences: Type.Array(LicenceSchema) });

/** Body of PUT /api/licences/:creditCode: the enterprise's complete list, replacing the old one. */
export const LicencesInputSchema = Type.Object(
  {
    licences: Type.Array(
      Type.Object(
        // Omit validUntil for no expiry (a plain string schema names a bad date precisely).
        { name: LicenceName, licenceNo: LicenceNo, validUntil: Type.Optional(Day), revoked: Type.Optional(Type.Boolean({ default: false })) },
        { additionalProperties: false },
      ),
      { maxItems: 200 },
    ),
    reason: Reason,
  },
  { additionalProperties: false },
);
