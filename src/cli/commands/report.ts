/**
 * `faultline report <run-dir>`: re-render a report from its journal and scenario copy, without
 * re-running anything (evaluate is a pure function of the journal). Writes the rendered files into
 * the run folder (replacing only derived files; journal.jsonl and scenario.yaml are never touched)
 * or into --out.
 */
import type { Command } from 'commander';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunEvent } from '../../engine/events.js';
import { FaultlineError } from '../../errors.js';
import { evaluateRun } from '../../finance/evaluate/evaluate-run.js';
import { readScenario } from '../../io/read-scenario.js';
import { invalidScenariosError } from '../../io/read-scenario.js';
import { faultlineVersion } from '../../io/version.js';
import { sha256 } from '../../io/write-run-dir.js';
import { renderReportFiles } from '../../run/render-report.js';
import type { CliOutput } from '../output.js';

interface JournalHeader {
  format: string;
  version: number;
  runId: string;
  seed: number;
  mode: string;
}

export function registerReportCommand(program: Command, out: CliOutput): Command {
  return program
    .command('report')
    .description('re-render a run\'s report from its journal (no re-run)')
    .argument('<run-dir>', 'a run folder written by faultline run')
    .option('--out <dir>', 'write the rendered files here instead of into the run folder')
    .action(async (runDir: string, options: { out?: string }) => {
      const journalPath = join(runDir, 'journal.jsonl');
      const scenarioPath = join(runDir, 'scenario.yaml');
      const journalText = await readFile(journalPath, 'utf8').catch((cause: unknown) => {
        throw new FaultlineError({ code: 'RUN_DIR_INVALID', kind: 'invalid-input', title: `${runDir} has no readable journal.jsonl`, hint: 'give a folder written by `faultline run`, e.g. reports/<scenario-id>/<run-id>', cause });
      });
      const lines = journalText.split('\n').filter((l) => l.trim() !== '');
      let header: JournalHeader;
      const events: RunEvent[] = [];
      try {
        header = JSON.parse(lines[0] ?? '') as JournalHeader;
        if (header.format !== 'faultline-journal') throw new Error('not a faultline journal');
        for (const l of lines.slice(1)) events.push(JSON.parse(l) as RunEvent);
      } catch (cause) {
        throw new FaultlineError({ code: 'JOURNAL_INVALID', kind: 'invalid-input', title: `${journalPath} is not a valid faultline journal`, detail: cause instanceof Error ? cause.message : String(cause), hint: 'the journal must be the unmodified file written by faultline run', cause });
      }
      const parsed = await readScenario(scenarioPath);
      if (parsed.scenario === undefined) throw invalidScenariosError([parsed]);
      const scenarioText = await readFile(scenarioPath, 'utf8');
      const evaluation = evaluateRun({ scenario: parsed.scenario, events, runId: header.runId, seed: header.seed, mode: header.mode });
      const files = renderReportFiles(evaluation, { version: faultlineVersion(), scenarioFile: scenarioPath, contentHash: sha256(scenarioText), mode: header.mode, clock: 'virtual' });
      const target = options.out ?? runDir;
      await mkdir(target, { recursive: true });
      for (const f of files) {
        // Write-then-rename so a reader never sees a half-written file.
        const tmp = join(target, `.${f.name}.tmp-${process.pid}`);
        await writeFile(tmp, f.content, 'utf8');
        await rename(tmp, join(target, f.name));
      }
      out.stdout(`${target}\n`);
    });
}
