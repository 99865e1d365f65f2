// The seed of a department's monthly draw (双随机, L12): its label keyed with a secret the server
// generated for itself. Published with the draw, so anyone can redo the draw from it; unknown
// before the draw, so nobody can compute which enterprises a month will pick. The secret is kept,
// so a department's month can never be re-rolled into another draw.
import { createHmac, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/audit.js';
import { serverSecrets } from '../db/schema/index.js';
import { samplingSeedLabel } from '../domain/sampling.js';

const SECRET_NAME = 'sampling-seed';

/** The server's sampling secret, generated on first use. */
async function samplingSecret(db: DbOrTx): Promise<string> {
  // Concurrent first uses agree: one insert wins, every caller reads the winner.
  await db.insert(serverSecrets).values({ name: SECRET_NAME, value: randomBytes(32).toString('base64url') }).onConflictDoNothing();
  const [row] = await db.select({ value: serverSecrets.value }).from(serverSecrets).where(eq(serverSecrets.name, SECRET_NAME));
  return row!.value;
}

/** The seed of a department's draw for a month: the label and a keyed digest of it. */
export async function samplingSeed(db: DbOrTx, month: string, deptCode: string): Promise<string> {
  const label = samplingSeedLabel(month, deptCode);
  const digest = createHmac('sha256', await samplingSecret(db)).update(label).digest('hex').slice(0, 32);
  return `${label}/${digest}`;
}
