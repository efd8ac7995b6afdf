/**
 * Text from a scenario, a workload file or a run folder, made safe for the reader it is shown to.
 * A scenario is written by someone else than the finance reviewer who opens the report, so its text
 * must not be able to split a Markdown heading or table row, hide or reorder what the reviewer reads
 * (bidirectional overrides), inject raw HTML into a rendered summary, or send escape sequences to a
 * terminal. One place: every renderer of scenario text goes through these functions.
 */

/** Line breaks of every kind (CR, LF, NEL, LINE and PARAGRAPH SEPARATOR) and tabs: one space each (CRLF: one). */
const LINE_BREAKS = /\r\n|[\r\n\t\u0085\u2028\u2029]/g;
/**
 * Characters a reader cannot see but that change what is shown: C0 controls but tab and the line
 * breaks (ESC starts a terminal escape sequence), DEL, C1 controls (CSI among them), and the Unicode
 * bidirectional controls ("Trojan Source", CVE-2021-42574).
 */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `\u{1b}`: the character made visible, so a reviewer sees that something was there. */
function visible(ch: string): string {
  return `\\u{${ch.codePointAt(0)!.toString(16)}}`;
}

/** Plain text on one line with nothing invisible: line breaks and tabs become spaces, controls `\u{..}`. */
export function oneLine(text: string): string {
  return text.replace(LINE_BREAKS, ' ').replace(INVISIBLE, visible);
}

/**
 * Text for a terminal or a log line: every control character (ESC starts a terminal escape
 * sequence) and bidirectional override shown as `\u{..}`; line breaks are kept (multi-line error
 * details), but a lone CR, which would overwrite the line, is shown too.
 */
export function terminalText(text: string): string {
  return text.replace(/\r(?!\n)/g, visible).replace(INVISIBLE, visible);
}

/**
 * Scenario text inside Markdown prose or a heading: on one line, and no raw HTML (a `<` that would
 * open a tag, comment or processing instruction becomes `&lt;`, which every Markdown renderer shows
 * as `<`; a `<` before a digit, space or `=` is left alone, so `p < 5` and `<=` read as written).
 */
export function mdText(text: string): string {
  return oneLine(text).replace(/<(?=[A-Za-z/!?])/g, '&lt;');
}

/** A Markdown table cell: as mdText, and `|` escaped (it would end the cell). */
export function mdCell(text: string): string {
  return mdText(text).replace(/\|/g, '\\|');
}

/**
 * Scenario text as a Markdown code span: one line, nothing invisible, fenced with one more backtick
 * than the longest run of backticks inside (CommonMark), so the text cannot close the span early.
 */
export function mdCode(text: string): string {
  const t = oneLine(text);
  let longest = 0;
  for (const run of t.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  const pad = longest > 0 || t.startsWith(' ') || t.endsWith(' ') ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}

/**
 * Text for XML (junit.xml, the SVG charts): one line with nothing invisible (XML 1.0 forbids most
 * control characters: one would make the whole file unreadable to a CI server), then the five
 * entities. `multiLine` keeps line breaks (a JUnit failure's body).
 */
export function xmlText(text: string, multiLine = false): string {
  const t = multiLine ? terminalText(text) : oneLine(text);
  return t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
