// Regions, departments, divisions (处室) and the people and service accounts who act in them.
import { boolean, check, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { instant } from './instant.js';
import { sql } from 'drizzle-orm';
import type { DepartmentSide } from '../../domain/organisation.js';

const timestamps = {
  createdAt: instant('created_at').notNull().default(sql`now()`),
  updatedAt: instant('updated_at').notNull().default(sql`now()`),
};

/** Administrative divisions (6-digit codes, GB/T 2260). */
export const regions = pgTable('regions', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  parentCode: text('parent_code'),
  ...timestamps,
});

/** Departments of a region, on the approval side, the supervision side or both (L1, L15). */
export const departments = pgTable(
  'departments',
  {
    code: text('code').primaryKey(),
    region: text('region').notNull().references(() => regions.code),
    name: text('name').notNull(),
    side: text('side').$type<DepartmentSide>().notNull(),
    ...timestamps,
  },
  (t) => [check('departments_side', sql`${t.side} in ('approval', 'supervision', 'both')`)],
);

/** Divisions (处室) of a department, each with its 处室管理员 (L2). */
export const divisions = pgTable('divisions', {
  code: text('code').primaryKey(),
  deptCode: text('dept_code').notNull().references(() => departments.code),
  name: text('name').notNull(),
  adminPersonId: text('admin_person_id'),
  ...timestamps,
});

/** People and service accounts. Name and phone are personal data: never logged. */
export const people = pgTable('people', {
  id: text('id').primaryKey(),
  kind: text('kind').notNull().default('person'),
  name: text('name').notNull(),
  phone: text('phone'),
  region: text('region').notNull().references(() => regions.code),
  deptCode: text('dept_code').references(() => departments.code),
  divisionCode: text('division_code').references(() => divisions.code),
  roles: text('roles').array().notNull(),
  /** Coordinator level 1–3 (D 二). */
  level: integer('level'),
  active: boolean('active').notNull().default(true),
  ...timestamps,
});
