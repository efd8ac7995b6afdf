/**
 * Wiring for the firm's own code under test: `integration: { type: module }` (an adapter module,
 * msw or proxy mode) and `integration: { type: http }` (a service in its own process, proxy mode).
 * Checks the mode, loads the adapter or prepares the service launcher, and builds the factory
 * `executePlan` takes. Paths are resolved relative to the scenario file.
 */
import { dirname, isAbsolute, join, relative } from 'node:path';
import type { RunMode } from '../engine/plan.js';
import { FaultlineError } from '../errors.js';
import type { Scenario } from '../scenario/model.js';
import { createHttpServiceAdapter } from './http-service-adapter.js';
import { HttpServiceLauncher, type ServiceCleanups } from './http-service.js';
import { loadAdapter } from './load-adapter.js';
import { createModuleIntegrationFactory, type IntegrationFactory } from './module-integration.js';

/** The integration factory for a module integration, or undefined for the reference integration. */
export async function moduleIntegrationFor(scenario: Scenario, scenarioFile: string, mode: RunMode): Promise<IntegrationFactory | undefined> {
  const integration = scenario.integration;
  if (integration.type !== 'module') return undefined;
  if (mode === 'sim') {
    throw new FaultlineError({
      code: 'MODULE_NEEDS_MSW',
      kind: 'usage',
      title: `--mode ${mode} cannot run a module integration (${integration.module})`,
      detail: "sim mode calls provider models in process, so the adapter's own HTTP code would never run",
      hint: "run with --mode msw (the adapter's fetch is intercepted by the mocks in mocks/) or --mode proxy (real sockets through Toxiproxy)",
    });
  }
  const path = isAbsolute(integration.module) ? integration.module : join(dirname(scenarioFile), integration.module);
  const shown = isAbsolute(integration.module) ? integration.module : relative(process.cwd(), path) || path;
  const loaded = await loadAdapter(path);
  return createModuleIntegrationFactory({ file: shown, factory: loaded.factory });
}

export interface HttpIntegrationWiring {
  createIntegration: IntegrationFactory;
  /** Started by proxy mode per replay, before the clock starts. */
  service: HttpServiceLauncher;
  /** Fixed proxy listen addresses (`integration.proxies`). */
  listen?: Readonly<Record<string, string>>;
}

/** The wiring for `integration: { type: http }`, or undefined for other integrations. */
export function httpIntegrationFor(scenario: Scenario, scenarioFile: string, mode: RunMode, options: { log?: (line: string) => void; cleanups?: ServiceCleanups } = {}): HttpIntegrationWiring | undefined {
  const integration = scenario.integration;
  if (integration.type !== 'http') return undefined;
  if (mode !== 'proxy') {
    throw new FaultlineError({
      code: 'HTTP_NEEDS_PROXY',
      kind: 'usage',
      title: `--mode ${mode} cannot run an http integration (the firm's service at ${integration.url})`,
      detail: mode === 'sim'
        ? "sim mode calls provider models in process; the service's own HTTP calls would never be made"
        : 'msw mode intercepts fetch inside the faultline process; the service is another process, whose requests MSW cannot see',
      hint: 'run with --mode proxy: the service is handed the Toxiproxy proxies\' URLs (FAULTLINE_<PROVIDER>_URL)',
    });
  }
  const service = new HttpServiceLauncher({
    scenario, integration, scenarioFile,
    ...(options.log === undefined ? {} : { log: options.log }),
    ...(options.cleanups === undefined ? {} : { cleanups: options.cleanups }),
  });
  const command = integration.command === undefined ? undefined : Array.isArray(integration.command) ? integration.command.join(' ') : integration.command;
  return {
    service,
    ...(integration.proxies === undefined ? {} : { listen: integration.proxies }),
    createIntegration: async (deps) => createModuleIntegrationFactory({
      file: command ?? integration.url,
      label: `service ${service.url}${command === undefined ? '' : ` (${command})`}`,
      factory: createHttpServiceAdapter({ url: () => service.url }),
    })(deps),
  };
}
