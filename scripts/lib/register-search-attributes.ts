// Registers the case search attributes on a server that was not started with them: the
// time-skipping test server, or a cluster whose operator prefers the API to the CLI.
import type { ConnectionLike } from '@temporalio/client';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes.js';
import { caseSearchAttributes } from '../../workflows/search-attributes.js';

/** Adds every case search attribute to the namespace; attributes that exist already are skipped. */
export async function registerSearchAttributes(connection: ConnectionLike, namespace: string): Promise<void> {
  const known = new Set(await customAttributeNames(connection, namespace));
  const missing = caseSearchAttributes.filter((key) => !known.has(key.name));
  if (missing.length === 0) return;
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map((key) => [key.name, encodeSearchAttributeIndexedValueType(key.type)!])),
  });
}

const GRPC_UNIMPLEMENTED = 12;

/** Names of the custom attributes the namespace has; the time-skipping server cannot list them. */
async function customAttributeNames(connection: ConnectionLike, namespace: string): Promise<string[]> {
  try {
    return Object.keys((await connection.operatorService.listSearchAttributes({ namespace })).customAttributes ?? {});
  } catch (error) {
    if ((error as { code?: number }).code === GRPC_UNIMPLEMENTED) return [];
    throw error;
  }
}
