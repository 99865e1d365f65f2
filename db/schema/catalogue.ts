// Catalogues (L3–L6): approval items and their handling items, supervision items and their
// sub-items, the linkage between them, and which commitment modes each handling item allows.
import { integer, pgTable, serial, text, unique } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { instant } from './instant.js';
import { departments, divisions } from './organisation.js';

const updatedAt = instant('updated_at').notNull().default(sql`now()`);

/** 审批事项, owned by an approval department. */
export const approvalItems = pgTable('approval_items', {
  code: text('code').primaryKey(),
  deptCode: text('dept_code').notNull().references(() => departments.code),
  name: text('name').notNull(),
  updatedAt,
});

/** 业务办理项 with its commitment configuration (告知承诺情形, L5); `standard` is always allowed. */
export const handlingItems = pgTable('handling_items', {
  code: text('code').primaryKey(),
  approvalItemCode: text('approval_item_code').notNull().references(() => approvalItems.code),
  name: text('name').notNull(),
  allowedModes: text('allowed_modes').array().notNull().default([]),
  updatedAt,
});

/** 监管事项, owned by a supervising department. */
export const supervisionItems = pgTable('supervision_items', {
  code: text('code').primaryKey(),
  deptCode: text('dept_code').notNull().references(() => departments.code),
  name: text('name').notNull(),
  updatedAt,
});

/** 监管子项. */
export const supervisionSubItems = pgTable('supervision_sub_items', {
  code: text('code').primaryKey(),
  supervisionItemCode: text('supervision_item_code').notNull().references(() => supervisionItems.code),
  name: text('name').notNull(),
  updatedAt,
});

/** 审管事项关联: handling item → (supervising department, division, sub-item), one to many. */
export const linkages = pgTable(
  'linkages',
  {
    id: serial('id').primaryKey(),
    handlingItemCode: text('handling_item_code').notNull().references(() => handlingItems.code),
    supervisingDeptCode: text('supervising_dept_code').notNull().references(() => departments.code),
    divisionCode: text('division_code').notNull().references(() => divisions.code),
    subItemCode: text('sub_item_code').notNull().references(() => supervisionSubItems.code),
    /** Version counter; a case keeps the linkage it was resolved with, whatever changes later. */
    revision: integer('revision').notNull().default(1),
    updatedAt,
  },
  (t) => [unique('linkages_target').on(t.handlingItemCode, t.divisionCode, t.subItemCode)],
);
