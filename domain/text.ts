// The one rule every text the service accepts keeps, whatever field it arrives in (JSON bodies,
// query strings, path parameters, CSV cells). Postgres cannot store NUL, and a lone surrogate has
// no UTF-8 encoding: such text fails every write and every payload encoding downstream, so a case
// holding it could never progress. Other control characters are invisible to staff and break
// exports and SMS. TAB, LF and CR stay allowed: opinions, commitments and reports are multi-line,
// and spreadsheets paste tabs.

/** C0 control characters but TAB, LF, CR; and DEL. */
// eslint-disable-next-line no-control-regex -- matching control characters is this rule's purpose
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/** A high surrogate without its low half, or a low one without its high half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a text breaks the rule (Chinese, for staff), or undefined when it keeps it. */
export function textFault(text: string): string | undefined {
  const control = CONTROL.exec(text);
  if (control) return `含有控制字符 ${codePoint(control[0])}（第 ${control.index + 1} 个字符）：文本只允许可见字符、制表符和换行`;
  const surrogate = LONE_SURROGATE.exec(text);
  if (surrogate) return `含有不成对的代理项 ${codePoint(surrogate[0])}（第 ${surrogate.index + 1} 个字符）：不是有效的 Unicode 文本`;
  return undefined;
}

/** `U+0000` of a one-unit string. */
function codePoint(char: string): string {
  return `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}
