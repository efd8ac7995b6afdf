/** YAML syntax errors → scenario problems, with hints for the usual causes. */
import type { LineCounter, YAMLError } from 'yaml';
import type { ScenarioProblem } from './problems.js';

const HINTS: Record<string, string> = {
  BAD_INDENT: 'indent nested keys with spaces, by the same amount as their siblings',
  TAB_AS_INDENT: 'YAML does not allow tabs for indentation; use spaces',
  DUPLICATE_KEY: 'each key may appear once in a mapping; remove or merge one of them',
  MULTIPLE_DOCS: 'a scenario file holds one document; remove the extra `---`',
  MISSING_CHAR: 'a quote or bracket is not closed',
  BLOCK_AS_IMPLICIT_KEY: 'a key must fit on one line; is a `:` missing after the key, or is the value indented too little?',
  MULTILINE_IMPLICIT_KEY: 'a key must fit on one line; is a `:` missing, or a value not indented under its key?',
  UNEXPECTED_TOKEN: 'check the indentation and quoting around this line',
  BAD_DQ_ESCAPE: 'inside double quotes, a backslash starts an escape; use single quotes or write `\\\\`',
  ALIAS_PROps: 'anchors and aliases cannot carry tags',
};

/** Errors that leave the document's structure trustworthy, so schema checks can still run. */
export const RECOVERABLE_YAML_ERRORS = new Set(['DUPLICATE_KEY']);

/** One problem per YAML error, positioned at the error's start. */
export function yamlErrorProblems(errors: readonly YAMLError[], fileName: string, lineCounter: LineCounter): ScenarioProblem[] {
  return errors.map((error) => {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    // yaml appends a source excerpt after the first line; the position already says where.
    const message = `YAML syntax: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`;
    const hint = HINTS[error.code] ?? 'check the indentation and quoting around this line';
    return { file: fileName, line, col, path: '', message, hint };
  });
}
