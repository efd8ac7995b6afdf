// Scenario text reaches Markdown, XML, SVG and the terminal through report/safe-text.ts (issue 16,
// "Reports that cannot attack their reader"). Expected strings are written out by hand.
import { describe, expect, test } from 'vitest';
import { mdCell, mdCode, mdText, oneLine, terminalText, xmlText } from '../../../src/report/safe-text.js';

describe('oneLine', () => {
  test.each([
    ['plain title', 'plain title'],
    ['two\nlines', 'two lines'],
    ['crlf\r\nline', 'crlf line'],
    ['cr\rline', 'cr line'],
    ['tab\there', 'tab here'],
    ['nel\u0085ls\u2028ps\u2029end', 'nel ls ps end'],
    ['esc\u001b[2Jclear', 'esc\\u{1b}[2Jclear'],
    ['nul\u0000del\u007f', 'nul\\u{0}del\\u{7f}'],
    ['csi\u009b31m', 'csi\\u{9b}31m'],
    ['rlo\u202eevil\u202c', 'rlo\\u{202e}evil\\u{202c}'],
    ['isolate\u2066x\u2069', 'isolate\\u{2066}x\\u{2069}'],
    ['é 💶 — ✓', 'é 💶 — ✓'],
  ])('%j → %j', (input, expected) => {
    expect(oneLine(input)).toBe(expected);
  });
});

describe('Markdown', () => {
  test('a title with line breaks stays one heading', () => {
    const heading = `# Drill report: ${mdText('Evil\n# Injected heading\n| a | b |')}`;
    expect(heading.split('\n')).toHaveLength(1);
    expect(heading).toBe('# Drill report: Evil # Injected heading | a | b |');
  });

  test('raw HTML cannot open a tag; comparisons read as written', () => {
    expect(mdText('<img src=x onerror=alert(1)> </b> <!-- c --> <?php')).toBe('&lt;img src=x onerror=alert(1)> &lt;/b> &lt;!-- c --> &lt;?php');
    expect(mdText('p < 5, a <= b, 3<4')).toBe('p < 5, a <= b, 3<4');
  });

  test('a table cell cannot end early or span rows', () => {
    expect(mdCell('a | b\nc')).toBe('a \\| b c');
  });

  test.each([
    ['pnl.total >= -50k AUD', '`pnl.total >= -50k AUD`'],
    ['one ` tick', '`` one ` tick ``'],
    ['``two``', '``` ``two`` ```'],
    ['line\nbreak', '`line break`'],
  ])('code span %j → %j', (input, expected) => {
    expect(mdCode(input)).toBe(expected);
  });
});

describe('terminal and XML', () => {
  test('no escape sequence reaches a terminal; line breaks are kept, a lone CR is shown', () => {
    expect(terminalText('a\u001b]0;pwned\u0007b\nnext\rover')).toBe('a\\u{1b}]0;pwned\\u{7}b\nnext\\u{d}over');
  });

  test('XML text has no character XML 1.0 forbids, and the five entities', () => {
    expect(xmlText('a\u0001b & <c> "d" \'e\'')).toBe('a\\u{1}b &amp; &lt;c&gt; &quot;d&quot; &apos;e&apos;');
    expect(xmlText('x\ny')).toBe('x y');
    expect(xmlText('x\ny', true)).toBe('x\ny');
  });
});
