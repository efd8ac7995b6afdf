/**
 * `faultline plan <scenario>`: what will happen when, without running anything (the plan is data:
 * printable and diffable). Prints the fault timeline, the workload summary and the run id.
 */
import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { planRun } from '../../engine/plan.js';
import { loadScenario } from '../../io/read-scenario.js';
import { faultlineVersion } from '../../io/version.js';
import { sha256 } from '../../io/run-staging.js';
import { terminalText } from '../../report/safe-text.js';
import type { CliOutput } from '../output.js';
import { parseMode, parseSeed } from './options.js';

export function registerPlanCommand(program: Command, out: CliOutput): Command {
  return program
    .command('plan')
    .description('print what a drill will do and when, without running it')
    .argument('<scenario>', 'scenario file')
    .option('--seed <n>', 'override the scenario seed')
    .option('--mode <mode>', 'sim, msw or proxy (affects the run id only)', 'sim')
    .option('--json', 'print the plan as JSON')
    .action(async (file: string, options: { seed?: string; mode?: string; json?: boolean }) => {
      const scenario = await loadScenario(file);
      const text = await readFile(file, 'utf8');
      const seed = parseSeed(options.seed);
      const plan = planRun(scenario, { ...(seed === undefined ? {} : { seed }), mode: parseMode(options.mode), version: faultlineVersion(), contentHash: sha256(text) });
      const trades = plan.workload.filter((w) => w.kind === 'trade').length;
      const payments = plan.workload.length - trades;
      if (options.json === true) {
        out.stdout(`${JSON.stringify({ runId: plan.runId, scenario: scenario.id, seed: plan.seed, mode: plan.mode, start: new Date(scenario.startMs).toISOString(), end: new Date(scenario.endMs).toISOString(), workload: { trades, payments }, timeline: plan.timeline.map((e) => ({ t: new Date(e.t).toISOString(), what: e.what })) }, null, 2)}\n`);
        return;
      }
      const lines = [
        `plan for ${scenario.id}: ${terminalText(scenario.title)}`,
        `  run id ${plan.runId} · seed ${plan.seed} · mode ${plan.mode}`,
        `  ${new Date(scenario.startMs).toISOString()} → ${new Date(scenario.endMs).toISOString()}`,
        `  workload: ${trades} client trades, ${payments} payments (${plan.workload.length} items), replayed twice (faulted and baseline)`,
        `  providers: ${scenario.providers.map((p) => `${p.id} (${p.role}, ${p.archetype}-like)`).join(', ')}`,
        '  timeline:',
        ...plan.timeline.map((e) => `    ${new Date(e.t).toISOString()}  ${e.what}`),
      ];
      if (plan.timeline.length === 0) lines.push('    (no faults: the faulted and baseline replays will be identical)');
      out.stdout(`${lines.join('\n')}\n`);
    });
}
