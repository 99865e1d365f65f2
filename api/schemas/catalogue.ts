// Schemas of /api/catalogue: approval items, handling items with their commitment modes,
// supervision items and sub-items, linkages, the unlinked report, and CSV import answers.
import { Type } from '@sinclair/typebox';
import { NAME_MAX_LENGTH, NAME_PATTERN, configurableModes } from '../../domain/catalogue.js';
import { csvColumns, MODE_SEPARATOR } from '../../domain/catalogue-csv.js';
import { Code, Reason, RegionCode } from './organisation.js';

const Name = Type.String({ minLength: 1, maxLength: NAME_MAX_LENGTH, pattern: NAME_PATTERN, description: 'Name; may not start with = + - @ (spreadsheet formula)' });
const Timestamp = Type.String({ description: 'ISO instant' });
const Region = Type.String({ description: "The owning department's region" });

/** The commitment modes a handling item allows besides `standard`, which is always allowed (L5). */
export const AllowedModes = Type.Array(Type.Union(configurableModes.map((m) => Type.Literal(m))), {
  uniqueItems: true,
  description: '告知承诺情形: deferral 材料延期, verification 材料核验, postCheck 事后核查; standard 正常办理 is always allowed and not listed',
});

/** 审批事项 or 监管事项. */
export const OwnedItemSchema = Type.Object({ code: Code, deptCode: Code, region: Region, name: Name, updatedAt: Timestamp });
/** Body of POST /api/catalogue/approval-items and /supervision-items. */
export const OwnedItemInputSchema = Type.Object({ code: Code, deptCode: Code, name: Name, reason: Reason }, { additionalProperties: false });
/** Body of PATCH of an approval item, supervision item or sub-item: only the name changes. */
export const RenameSchema = Type.Object({ name: Name, reason: Reason }, { additionalProperties: false });

/** 业务办理项 with its commitment configuration. */
export const HandlingItemSchema = Type.Object({
  code: Code,
  approvalItemCode: Code,
  deptCode: Code,
  region: Region,
  name: Name,
  allowedModes: AllowedModes,
  updatedAt: Timestamp,
});
/** Body of POST /api/catalogue/handling-items. */
export const HandlingItemInputSchema = Type.Object(
  { code: Code, approvalItemCode: Code, name: Name, allowedModes: Type.Optional(AllowedModes), reason: Reason },
  { additionalProperties: false },
);
/** Body of PATCH /api/catalogue/handling-items/:code: name, allowed modes or both. */
export const HandlingItemChangeSchema = Type.Object(
  { name: Type.Optional(Name), allowedModes: Type.Optional(AllowedModes), reason: Reason },
  { additionalProperties: false },
);

/** 监管子项. */
export const SubItemSchema = Type.Object({ code: Code, supervisionItemCode: Code, deptCode: Code, region: Region, name: Name, updatedAt: Timestamp });
/** Body of POST /api/catalogue/supervision-sub-items. */
export const SubItemInputSchema = Type.Object({ code: Code, supervisionItemCode: Code, name: Name, reason: Reason }, { additionalProperties: false });

/** 审管事项关联. */
export const LinkageSchema = Type.Object({
  id: Type.Integer(),
  handlingItemCode: Code,
  supervisingDeptCode: Code,
  divisionCode: Code,
  subItemCode: Code,
  revision: Type.Integer({ description: 'Grows with every change; a case keeps the revision it was resolved with' }),
  updatedAt: Timestamp,
});
/** Body of POST /api/catalogue/linkages. */
export const LinkageInputSchema = Type.Object(
  { handlingItemCode: Code, supervisingDeptCode: Code, divisionCode: Code, subItemCode: Code, reason: Reason },
  { additionalProperties: false },
);
/** Body of PATCH /api/catalogue/linkages/:id: point the linkage elsewhere (its revision grows). */
export const LinkageChangeSchema = Type.Object(
  { supervisingDeptCode: Type.Optional(Code), divisionCode: Type.Optional(Code), subItemCode: Type.Optional(Code), reason: Reason },
  { additionalProperties: false },
);

/** One line of the unlinked items report (L4). */
export const UnlinkedItemSchema = Type.Object({
  handlingItem: Type.Object({ code: Code, name: Type.String(), allowedModes: AllowedModes }),
  approvalItem: Type.Object({ code: Code, name: Type.String() }),
  department: Type.Object({ code: Code, name: Type.String(), region: RegionCode }),
});

/** Answer of a CSV import. */
export const ImportResultSchema = Type.Object({
  inserted: Type.Integer({ description: 'Rows new to the catalogue' }),
  updated: Type.Integer({ description: 'Rows whose name (or allowed modes) changed' }),
  unchanged: Type.Integer({ description: 'Rows already as in the file' }),
});

/** One problem of a CSV file. */
export const CsvProblemSchema = Type.Object({
  row: Type.Integer({ description: 'Line of the file, 1-based; the header is line 1' }),
  column: Type.String({ description: 'Header name of the column ("" when the whole row is concerned)' }),
  rule: Type.String({
    description:
      'parse, text, header, missing_column, unknown_column, field_count, required, format, unknown_reference, wrong_side, mismatch, out_of_region, owner_change, duplicate',
  }),
  problem: Type.String({ description: 'What is wrong (Chinese)' }),
});

/** 422 answer of a CSV import: every problem of the file; nothing was written. */
export const CsvErrorSchema = Type.Object(
  {
    statusCode: Type.Literal(422),
    error: Type.Literal('csv_invalid'),
    message: Type.String(),
    problems: Type.Array(CsvProblemSchema),
  },
  {
    description:
      'The file was refused as a whole and nothing was written. Unlike other errors, `problems` name a line and a column of the file: ' +
      '[{ row, column, rule, problem }].',
  },
);

/** How each catalogue's CSV looks, for the OpenAPI document. */
export function csvFormatDescription(kind: keyof typeof csvColumns): string {
  const modes = kind === 'handling-items' ? ` \`allowed_modes\` lists modes separated by \`${MODE_SEPARATOR}\` (e.g. \`deferral${MODE_SEPARATOR}postCheck\`); empty = standard only.` : '';
  return `UTF-8 CSV (a BOM is allowed; \`charset=gbk\` or \`gb18030\` is accepted when declared), header row \`${csvColumns[kind].join(',')}\` (any order).${modes}`;
}
