// `npm run openapi:client`: regenerates the committed client types (api/client/schema.d.ts) from
// the API's OpenAPI document.
import { writeFile } from 'node:fs/promises';
import { clientTypesOf, clientTypesPath } from './lib/openapi-client.js';
import { openApiDocument } from './lib/openapi-document.js';

await writeFile(clientTypesPath, await clientTypesOf(await openApiDocument()));
console.log(`wrote ${clientTypesPath}`);
