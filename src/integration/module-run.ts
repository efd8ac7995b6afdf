/**
 * Wiring for `integration: { type: module }`: check the mode, load the adapter, build the factory
 * `executePlan` takes. The adapter path is resolved relative to the scenario file.
 */
import { dirname, isAbsolute, join, relative } from 'node:path';
import type { RunMode } from '../engine/plan.js';
import { FaultlineError } from '../errors.js';
import type { Scenario } from '../scenario/model.js';
import { loadAdapter } from './load-adapter.js';
import { createModuleIntegrationFactory, type IntegrationFactory } from './module-integration.js';

/** The integration factory for a module integration, or undefined for the reference integration. */
export async function moduleIntegrationFor(scenario: Scenario, scenarioFile: string, mode: RunMode): Promise<IntegrationFactory | undefined> {
  const integration = scenario.integration;
  if (integration.type !== 'module') return undefined;
  if (mode !== 'msw') {
    throw new FaultlineError({
      code: 'MODULE_NEEDS_MSW',
      kind: 'usage',
      title: `--mode ${mode} cannot run a module integration (${integration.module})`,
      detail: mode === 'sim'
        ? "sim mode calls provider models in process, so the adapter's own HTTP code would never run"
        : 'proxy mode does not drive adapters yet',
      hint: 'run with --mode msw: the adapter\'s fetch is intercepted by the mocks in mocks/',
    });
  }
  const path = isAbsolute(integration.module) ? integration.module : join(dirname(scenarioFile), integration.module);
  const shown = isAbsolute(integration.module) ? integration.module : relative(process.cwd(), path) || path;
  const loaded = await loadAdapter(path);
  return createModuleIntegrationFactory({ file: shown, factory: loaded.factory });
}
