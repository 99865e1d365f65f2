// `npm run lint:openapi`: the API's OpenAPI document through `redocly lint` (recommended rules);
// exits non-zero on any error.
import { lintOpenApi, problemLine } from './lib/openapi-lint.js';
import { openApiDocument } from './lib/openapi-document.js';

const report = await lintOpenApi(await openApiDocument());
for (const problem of report.problems) console.log(problemLine(problem));
console.log(`${report.totals.errors} errors, ${report.totals.warnings} warnings`);
process.exit(report.totals.errors > 0 ? 1 : 0);
