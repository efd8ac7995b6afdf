/**
 * `faultline report <run-dir>`: re-render a report from its journal and scenario copy, without
 * re-running anything (evaluate is a pure function of the journal). Writes the rendered files into
 * the run folder (replacing only derived files; journal.jsonl and scenario.yaml are never touched)
 * or into --out.
 */
import type { Command } from 'commander';
import { createReadStream } from 'node:fs';
import { access, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import type { RunEvent } from '../../engine/events.js';
import { FaultlineError } from '../../errors.js';
import { evaluateLedgers } from '../../finance/evaluate/evaluate-run.js';
import { LedgerBuilder } from '../../finance/evaluate/ledger.js';
import { StreamedFile } from '../../io/run-staging.js';
import { scenarioContentHash } from '../../io/data-files.js';
import { EventsCsvWriter, eventsCsvStaleAfterMs } from '../../report/events-csv.js';
import { loadScenarioWithData } from '../../io/read-scenario.js';
import { faultlineVersion } from '../../io/version.js';
import { clockInfoOf } from '../../report/run-info.js';
import { renderReportFiles } from '../../run/render-report.js';
import type { CliOutput } from '../output.js';

interface JournalHeader {
  format: string;
  version: number;
  runId: string;
  seed: number;
  mode: string;
  /** Live runs: `live`, with the speed (docs/journal.md). */
  clock?: string;
  speed?: number;
  autoSpeed?: { calibrationLagP99Ms: number };
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
      // Say "not a run folder" before anything else: that is the usual mistake.
      await access(journalPath).catch((cause: unknown) => {
        throw new FaultlineError({ code: 'RUN_DIR_INVALID', kind: 'invalid-input', title: `${runDir} is not a run folder: it has no readable journal.jsonl`, hint: 'give a folder written by `faultline run`, e.g. reports/<scenario-id>/<run-id>', cause });
      });
      // The data files come from their copies in the run folder (io/data-files.ts), not from
      // wherever the scenario first found them: the folder alone re-renders the report.
      const read = await loadScenarioWithData(scenarioPath, { runFolder: runDir });
      const scenario = read.scenario;
      const contentHash = scenarioContentHash(read.text ?? '', read.dataFiles ?? []);
      const target = options.out ?? runDir;
      await mkdir(target, { recursive: true });
      // Stream the journal once: ledgers in memory, events.csv straight to disk.
      const eventsTmp = join(target, `.events.csv.tmp-${process.pid}`);
      const eventsFile = new StreamedFile('events.csv', eventsTmp);
      let header: JournalHeader | undefined;
      let writer: EventsCsvWriter | undefined;
      const faulted = new LedgerBuilder(scenario, 'faulted');
      const baseline = new LedgerBuilder(scenario, 'baseline');
      let lineNo = 0;
      try {
        const lines = createInterface({ input: createReadStream(journalPath, 'utf8'), crlfDelay: Infinity });
        for await (const line of lines) {
          lineNo += 1;
          if (line.trim() === '') continue;
          if (header === undefined) {
            header = JSON.parse(line) as JournalHeader;
            if (header.format !== 'faultline-journal') throw new Error('the first line is not a faultline journal header');
            writer = new EventsCsvWriter(eventsCsvStaleAfterMs(scenario), header.runId, (c) => eventsFile.write(c));
            continue;
          }
          const e = JSON.parse(line) as RunEvent;
          writer!.add(e);
          faulted.add(e);
          baseline.add(e);
        }
        if (header === undefined || writer === undefined) throw new Error('the journal is empty');
        // The end of the journal: rows held for a replay that never finished are written too.
        writer.close();
        eventsFile.close();
      } catch (cause) {
        try {
          eventsFile.close();
        } catch {
          // already closed
        }
        await rm(eventsTmp, { force: true });
        const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
        throw new FaultlineError({
          code: missing ? 'RUN_DIR_INVALID' : 'JOURNAL_INVALID',
          kind: 'invalid-input',
          title: missing ? `${runDir} has no readable journal.jsonl` : `${journalPath}:${lineNo} is not a valid faultline journal line`,
          detail: cause instanceof Error ? cause.message : String(cause),
          hint: missing ? 'give a folder written by `faultline run`, e.g. reports/<scenario-id>/<run-id>' : 'the journal must be the unmodified file written by faultline run',
          cause,
        });
      }
      const evaluation = evaluateLedgers({ scenario, faulted: faulted.ledger, baseline: baseline.ledger, runId: header.runId, seed: header.seed, mode: header.mode });
      const files = renderReportFiles(evaluation, { version: faultlineVersion(), scenarioFile: scenarioPath, contentHash, mode: header.mode, ...clockInfoOf(header) });
      for (const f of files) {
        // Write-then-rename so a reader never sees a half-written file.
        const tmp = join(target, `.${f.name}.tmp-${process.pid}`);
        await writeFile(tmp, f.content, 'utf8');
        await rename(tmp, join(target, f.name));
      }
      await rename(eventsTmp, join(target, 'events.csv'));
      out.stdout(`${target}\n`);
    });
}
