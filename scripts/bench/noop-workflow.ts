// The reference workflow of scripts/bench/api-vs-raw.ts: it takes the same input as a case and
// does nothing with it, so a raw start of it costs what Temporal costs and nothing more.

/** Returns at once. */
export async function noopWorkflow(_input: unknown): Promise<void> {}
