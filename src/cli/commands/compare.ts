/**
 * `faultline compare <run-a> <run-b>`: side-by-side of two runs (this quarter against last,
 * idempotency off against on) from their summary.json, written as comparison.md and comparison.csv
 * into --out (default reports/compare/<a>-vs-<b>/, a new folder; never overwrites). Prints the folder.
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { FaultlineError } from '../../errors.js';
import { compareSummaries, renderComparisonCsv, renderComparisonMarkdown, type SummaryDoc } from '../../report/compare.js';
import type { CliOutput } from '../output.js';

async function readSummary(runDir: string): Promise<SummaryDoc> {
  const file = join(runDir, 'summary.json');
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(file, 'utf8'));
  } catch (cause) {
    throw new FaultlineError({
      code: 'RUN_DIR_INVALID', kind: 'invalid-input', title: `${runDir} has no readable summary.json`,
      detail: cause instanceof Error ? cause.message : String(cause), hint: 'give two folders written by `faultline run`, e.g. reports/<scenario-id>/<run-id>', cause,
    });
  }
  const d = doc as Partial<SummaryDoc> & { format?: string };
  if (d.format !== 'faultline-summary' || d.headline === undefined || !Array.isArray(d.thresholds)) {
    throw new FaultlineError({ code: 'RUN_DIR_INVALID', kind: 'invalid-input', title: `${file} is not a faultline summary`, hint: 'give two folders written by `faultline run`' });
  }
  return d as SummaryDoc;
}

/**
 * A run's part of the default folder name. It comes from summary.json, which anyone can write: only
 * letters, digits, `.`, `_` and `-` survive (anything else becomes `_`), never a leading dot, at most
 * 80 characters, so the name stays one folder inside reports/compare/ whatever the file says.
 */
export function folderLabel(text: string): string {
  const safe = text.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 80);
  return safe === '' ? 'run' : safe;
}

/** reports/compare/<a>-vs-<b>, or the first of -2, -3 … that does not exist yet. */
export function freshFolder(base: string): string {
  if (!existsSync(base)) return base;
  for (let i = 2; ; i++) if (!existsSync(`${base}-${i}`)) return `${base}-${i}`;
}

export function registerCompareCommand(program: Command, out: CliOutput): Command {
  return program
    .command('compare')
    .description('side-by-side of two runs (headline figures, attribution, thresholds, self-checks) with deltas')
    .argument('<run-a>', 'a run folder written by faultline run (A, the reference)')
    .argument('<run-b>', 'another run folder (B); deltas are B − A')
    .option('--out <dir>', 'folder for comparison.md and comparison.csv (default reports/compare/<a>-vs-<b>/, never overwritten)')
    .action(async (runA: string, runB: string, options: { out?: string }) => {
      const [a, b] = await Promise.all([readSummary(runA), readSummary(runB)]);
      const label = (dir: string, s: SummaryDoc): string => folderLabel(`${String(s.scenarioId)}-${basename(resolve(dir))}`);
      const compareRoot = join('reports', 'compare');
      const target = options.out ?? freshFolder(join(compareRoot, `${label(runA, a)}-vs-${label(runB, b)}`));
      if (options.out === undefined && dirname(resolve(target)) !== resolve(compareRoot)) {
        // folderLabel makes this impossible; checked anyway, because the name comes from files anyone can write.
        throw new Error(`the default compare folder ${target} is not inside ${compareRoot}`);
      }
      for (const name of ['comparison.md', 'comparison.csv']) {
        if (existsSync(join(target, name))) {
          throw new FaultlineError({ code: 'WOULD_OVERWRITE', kind: 'usage', title: `${join(target, name)} already exists`, hint: 'give another --out folder, or leave --out out to get a new folder' });
        }
      }
      const comparison = compareSummaries(a, b, `${a.scenarioId}/${basename(resolve(runA))}`, `${b.scenarioId}/${basename(resolve(runB))}`);
      await mkdir(target, { recursive: true });
      await writeFile(join(target, 'comparison.md'), renderComparisonMarkdown(comparison), 'utf8');
      await writeFile(join(target, 'comparison.csv'), renderComparisonCsv(comparison), 'utf8');
      out.stdout(`${target}\n`);
    });
}
