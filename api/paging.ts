// Keyset-paged lists answer a cursor they did not hand out with a 400 naming the field.
import { BadCursorError } from '../db/keyset-cursor.js';
import { badQuery } from './errors.js';

/** The page `read` answers; a 400 on querystring/cursor when the cursor cannot be read. */
export async function readPage<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof BadCursorError)) throw error;
    throw badQuery({ field: 'querystring/cursor', rule: 'cursor', message: 'cursor 无效：请使用上一页返回的 nextCursor' });
  }
}
