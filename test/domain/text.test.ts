// The text rule every string the service takes in keeps.
import { describe, expect, it } from 'vitest';
import { textFault } from '../../domain/text.js';

describe('textFault', () => {
  it.each(['连云港市海州区示例食品店', '第一行\r\n第二行\t制表', '😀 emoji (a surrogate pair)', ''])('takes %j', (text) => {
    expect(textFault(text)).toBeUndefined();
  });

  it.each([
    ['a\u0000b', 'U+0000（第 2 个字符）'],
    ['\u001b[31m', 'U+001B（第 1 个字符）'],
    ['删除\u007f', 'U+007F（第 3 个字符）'],
    ['\ud800', 'U+D800（第 1 个字符）'],
    ['a\udc00', 'U+DC00（第 2 个字符）'],
    ['\ude00\ud83d', 'U+DE00（第 1 个字符）'],
  ])('refuses %j, naming the character and where it is', (text, where) => {
    expect(textFault(text)).toContain(where);
  });
});
