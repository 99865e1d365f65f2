import { like, type Column, type SQL } from 'drizzle-orm';
import { regionPrefix } from '../domain/access.js';

/** A condition keeping the rows whose region `column` lies within `region`. */
export function withinRegion(column: Column, region: string): SQL {
  return like(column, `${regionPrefix(region)}%`);
}
