// `npm run temporal:install`: resolves (installing if needed) both Temporal servers and prints
// their paths as NAME=path lines, so a shell can `export` them to skip resolution later.
import { resolveTemporalCli, resolveTestServer } from './lib/temporal-binaries.js';

try {
  const cli = await resolveTemporalCli();
  const testServer = await resolveTestServer();
  process.stdout.write(`TEMPORAL_CLI=${cli}\nTEMPORAL_TEST_SERVER=${testServer}\n`);
  // Exit explicitly: the SDK-download route may leave the native runtime's handles open.
  process.exit(0);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
