/**
 * The toxics of one proxy (Go's `ToxicCollection`): a chain per direction, starting with a hidden
 * noop, and the live links those chains are applied to. JSON bodies are decoded in the same order
 * as Go, so the same request fails with the same error.
 */
import { API_ERRORS } from './api-error.js';
import { decodeGoJson, GoJsonError, parseGoJson, type GoJsonValue, type GoType } from './go-json.js';
import { ToxicLink } from './link.js';
import type { ToxiproxyRng } from './rng.js';
import { findToxicType } from './toxics/registry.js';
import { noopToxic } from './toxics/noop.js';
import type { ToxicAttributes, ToxicDefinition } from './toxics/types.js';
import type { Direction, ToxicWrapper } from './toxic-wrapper.js';

const DIRECTIONS: readonly Direction[] = ['upstream', 'downstream'];

function hiddenNoop(direction: Direction): ToxicWrapper {
  return { name: '', type: 'noop', stream: direction, toxicity: 1, direction, attributes: {}, definition: noopToxic };
}

function attributesType(definition: ToxicDefinition): GoType {
  const fields: Record<string, GoType> = {};
  for (const [name, kind] of Object.entries(definition.attributes)) fields[name] = { kind };
  return { kind: 'struct', name: definition.structName, qualified: `toxics.${definition.structName}`, fields };
}

const WRAPPER_TYPE: GoType = {
  kind: 'struct',
  name: 'ToxicWrapper',
  qualified: 'toxics.ToxicWrapper',
  fields: {
    attributes: { kind: 'struct', name: 'NoopToxic', qualified: 'toxics.NoopToxic', fields: {} },
    name: { kind: 'string' },
    type: { kind: 'string' },
    stream: { kind: 'string' },
    toxicity: { kind: 'float32' },
  },
};

function decodeBody(text: string, type: GoType, target: unknown): { value: GoJsonValue; decoded: unknown } {
  try {
    const value = parseGoJson(text);
    return { value, decoded: decodeGoJson(value, type, target) };
  } catch (error) {
    if (error instanceof GoJsonError) throw API_ERRORS.badRequestBody(error.message);
    throw error;
  }
}

/** The toxics of one proxy and the links they apply to. */
export class ToxicCollection {
  private readonly chain: Record<Direction, ToxicWrapper[]> = {
    upstream: [hiddenNoop('upstream')],
    downstream: [hiddenNoop('downstream')],
  };
  private readonly links = new Map<string, ToxicLink>();

  /** All toxics: upstream first, then downstream, each in insertion order. */
  list(): ToxicWrapper[] {
    return DIRECTIONS.flatMap((d) => this.chain[d].slice(1));
  }

  find(name: string): ToxicWrapper | undefined {
    return this.list().find((t) => t.name === name);
  }

  /** Creates and registers the link for one direction of a new connection. */
  startLink(name: string, direction: Direction, rng: ToxiproxyRng): ToxicLink {
    const link = new ToxicLink(this.chain[direction], direction, rng);
    this.links.set(name, link);
    return link;
  }

  removeLink(name: string): void {
    this.links.delete(name);
  }

  private linksFor(direction: Direction): ToxicLink[] {
    return [...this.links.values()].filter((l) => l.direction === direction);
  }

  /** `POST /proxies/{p}/toxics`: checks body, stream, type, duplicate name, then attributes. */
  async addToxicJson(body: string): Promise<ToxicWrapper> {
    const { value, decoded } = decodeBody(body, WRAPPER_TYPE, { stream: 'downstream', toxicity: 1, name: '', type: '' });
    const input = decoded as { name: string; type: string; stream: string; toxicity: number };
    const lowered = input.stream.toLowerCase();
    if (lowered !== 'upstream' && lowered !== 'downstream') throw API_ERRORS.invalidStream();
    const name = input.name === '' ? `${input.type}_${input.stream}` : input.name;
    const definition = findToxicType(input.type);
    if (definition === undefined) throw API_ERRORS.invalidToxicType();
    if (this.find(name) !== undefined) throw API_ERRORS.toxicAlreadyExists();
    const attributes = decodeAttributes(value, definition, zeroAttributes(definition));
    const direction: Direction = lowered;
    const toxic: ToxicWrapper = { name, type: input.type, stream: input.stream, toxicity: input.toxicity, direction, attributes, definition };
    this.chain[direction].push(toxic);
    await Promise.all(this.linksFor(direction).map((l) => l.addToxic(toxic)));
    return toxic;
  }

  /** `PATCH /proxies/{p}/toxics/{t}`: attributes merge onto the current ones; name, type and stream are ignored. */
  async updateToxicJson(name: string, body: string): Promise<ToxicWrapper> {
    const toxic = this.find(name);
    if (toxic === undefined) throw API_ERRORS.toxicNotFound();
    const updateType: GoType = {
      kind: 'struct',
      name: '',
      qualified: 'struct { Attributes interface {} "json:\\"attributes\\""; Toxicity float32 "json:\\"toxicity\\"" }',
      fields: { attributes: attributesType(toxic.definition), toxicity: { kind: 'float32' } },
    };
    const { decoded } = decodeBody(body, updateType, { attributes: toxic.attributes, toxicity: toxic.toxicity });
    const update = decoded as { attributes: ToxicAttributes; toxicity: number };
    toxic.attributes = update.attributes;
    toxic.toxicity = update.toxicity;
    await Promise.all(this.linksFor(toxic.direction).map((l) => l.updateToxic(toxic)));
    return toxic;
  }

  /** `DELETE /proxies/{p}/toxics/{t}`. */
  async removeToxic(name: string): Promise<void> {
    const toxic = this.find(name);
    if (toxic === undefined) throw API_ERRORS.toxicNotFound();
    const chain = this.chain[toxic.direction];
    chain.splice(chain.indexOf(toxic), 1);
    await Promise.all(this.linksFor(toxic.direction).map((l) => l.removeToxic(toxic)));
  }

  /** Removes every toxic (`POST /reset`). */
  async removeAll(): Promise<void> {
    for (const toxic of this.list()) await this.removeToxic(toxic.name);
  }
}

function zeroAttributes(definition: ToxicDefinition): ToxicAttributes {
  return Object.fromEntries(Object.keys(definition.attributes).map((k) => [k, 0]));
}

/** Second decode of the create body, now that the type is known (Go decodes `attributes` into the toxic struct). */
function decodeAttributes(value: GoJsonValue, definition: ToxicDefinition, target: ToxicAttributes): ToxicAttributes {
  const type: GoType = { kind: 'struct', name: '', qualified: 'struct { Attributes interface {} "json:\\"attributes\\"" }', fields: { attributes: attributesType(definition) } };
  try {
    const decoded = decodeGoJson(value, type, { attributes: target }) as { attributes: ToxicAttributes };
    return decoded.attributes;
  } catch (error) {
    if (error instanceof GoJsonError) throw API_ERRORS.badRequestBody(error.message);
    throw error;
  }
}
