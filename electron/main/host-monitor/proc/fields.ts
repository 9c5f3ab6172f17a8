// The sampler parses its kernel files every second for as long as the app runs: these scan the
// text in place, without splitting it into lines and fields or running regular expressions.

const SPACE = 32;
const TAB = 9;
const ZERO = 48;
const NINE = 57;

/** Where the line that starts at `start` ends (its newline, or the end of the text). */
export function lineEnd(text: string, start: number): number {
  const newline = text.indexOf('\n', start);
  return newline < 0 ? text.length : newline;
}

/** The first index from `start` (before `end`) that is not a space or a tab. */
export function skipBlanks(text: string, start: number, end: number): number {
  let index = start;
  while (index < end) {
    const code = text.charCodeAt(index);
    if (code !== SPACE && code !== TAB) break;
    index++;
  }
  return index;
}

/** The first index from `start` (before `end`) that is a space or a tab. */
export function skipWord(text: string, start: number, end: number): number {
  let index = start;
  while (index < end) {
    const code = text.charCodeAt(index);
    if (code === SPACE || code === TAB) break;
    index++;
  }
  return index;
}

/**
 * The blank-separated whole numbers in text[start, end), or null if any field is something
 * else (a sign, a letter, a decimal point).
 */
export function wholeNumbers(text: string, start: number, end: number): number[] | null {
  const numbers: number[] = [];
  let value = -1;
  for (let index = start; index < end; index++) {
    const code = text.charCodeAt(index);
    if (code >= ZERO && code <= NINE) value = (value < 0 ? 0 : value * 10) + (code - ZERO);
    else if (code === SPACE || code === TAB) {
      if (value >= 0) numbers.push(value);
      value = -1;
    } else return null;
  }
  if (value >= 0) numbers.push(value);
  return numbers;
}
