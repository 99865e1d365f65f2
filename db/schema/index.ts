// The database schema. Migrations under db/migrations are generated from it (npm run db:generate).
export * from './adapters.js';
export * from './case-numbers.js';
export * from './cases.js';
export * from './catalogue.js';
export * from './external.js';
export * from './organisation.js';
export * from './outbox.js';
export * from './records.js';
export * from './supervision-records.js';
export * from './notice-letters.js';
export * from './problems.js';
export * from './files.js';
export * from './policies.js';
