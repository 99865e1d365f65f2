// The database schema. Migrations under db/migrations are generated from it (npm run db:generate).
export * from './cases.js';
export * from './catalogue.js';
export * from './organisation.js';
export * from './records.js';
