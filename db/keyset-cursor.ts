// Opaque cursors of keyset-paged lists (the case list, the division inbox): the position after a
// page's last row as (instant, id), the instant in Postgres' own text form so that a stored instant
// finer than milliseconds is compared exactly, base64url-encoded JSON so callers treat it as opaque.
import { isoFromPostgres } from './schema/instant.js';

/** The sort key of a page's last row: an instant (or `infinity`, for rows sorted after all instants) and a tie-breaking ID. */
export interface KeysetPosition {
  at: string;
  id: string;
}

/** A cursor that cannot be read: not one a list handed out. */
export class BadCursorError extends Error {
  constructor() {
    super('invalid cursor');
    this.name = 'BadCursorError';
  }
}

/** Whether Postgres' text of a timestamptz can be read (isoFromPostgres throws on anything else). */
function readsAsInstant(text: string): boolean {
  try {
    isoFromPostgres(text);
    return true;
  } catch {
    return false;
  }
}

/** Encodes a position as an opaque cursor. */
export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.at, position.id])).toString('base64url');
}

/** Decodes a cursor; throws BadCursorError when it is not one encodeCursor made. */
export function decodeCursor(cursor: string): KeysetPosition {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new BadCursorError();
  }
  if (!Array.isArray(value) || value.length !== 2) throw new BadCursorError();
  const [at, id] = value as unknown[];
  if (typeof at !== 'string' || typeof id !== 'string') throw new BadCursorError();
  if (at !== 'infinity' && !readsAsInstant(at)) throw new BadCursorError();
  return { at, id };
}
