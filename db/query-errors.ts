// The one rule for database errors that leave the database layer for a log, a failure stored in
// Temporal history, or a message: drizzle's error message lists the query's parameters ("params:
// …"), both drivers keep them on the error (`params`, `parameters`), and the server's own message
// and detail may quote a value ("invalid input syntax …: "张三"", "Key (phone)=(138…)"). Applicant
// names, credit codes, phones and reasons are among them. What is kept: the SQLSTATE, the names of
// the table, column and constraint, the SQL text with its $n placeholders, and the stack.

/** A database error with its values taken out. */
export class RedactedDatabaseError extends Error {
  override name = 'RedactedDatabaseError';
  constructor(
    /** The SQLSTATE, e.g. 23505; the error handler answers 409 by it. */
    readonly code: string | undefined,
    readonly query: string | undefined,
    readonly table: string | undefined,
    readonly column: string | undefined,
    readonly constraint: string | undefined,
    stack: string | undefined,
  ) {
    const names = [table && `table ${table}`, column && `column ${column}`, constraint && `constraint ${constraint}`].filter(Boolean);
    super(`database query failed (SQLSTATE ${code ?? 'unknown'}${names.length ? `, ${names.join(', ')}` : ''})`);
    // The original frames under the new first line: where the query was made still shows.
    const frames = stack?.split('\n').filter((line) => /^\s+at /.test(line)) ?? [];
    this.stack = [`${this.name}: ${this.message}`, ...frames].join('\n');
  }
}

// PGlite names them table, column, constraint; postgres.js table_name, column_name, constraint_name.
type Fields = Partial<Record<'code' | 'query' | 'table' | 'column' | 'constraint' | 'table_name' | 'column_name' | 'constraint_name' | 'stack', unknown>>;

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** Whether an error comes from a query: it carries the query's parameters, or a server error's SQLSTATE. */
function isQueryError(error: unknown): error is Error & Fields {
  if (!(error instanceof Error) || error instanceof RedactedDatabaseError) return false;
  const sqlState = /^[0-9A-Z]{5}$/.test(text((error as Fields).code) ?? '') && 'severity' in error;
  return 'params' in error || 'parameters' in error || sqlState;
}

/**
 * The error to log, store or pass on in place of a database error — itself, or one of its causes
 * (a wrapper's message may quote the cause's); any other error as it is.
 */
export function redactDatabaseError(error: unknown): unknown {
  const chain: (Error & Fields)[] = [];
  for (let e: unknown = error; e instanceof Error && chain.length < 10; e = e.cause) chain.push(e);
  const outermost = chain.findIndex(isQueryError);
  if (outermost < 0) return error;
  // drizzle's error wraps the driver's: the SQLSTATE and names are on the innermost that has them.
  const found = chain.slice(outermost);
  const first = (...keys: (keyof Fields)[]) => found.flatMap((e) => keys.map((key) => text(e[key]))).find((v) => v !== undefined);
  return new RedactedDatabaseError(
    first('code'),
    first('query'),
    first('table', 'table_name'),
    first('column', 'column_name'),
    first('constraint', 'constraint_name'),
    text(found[0]!.stack),
  );
}
