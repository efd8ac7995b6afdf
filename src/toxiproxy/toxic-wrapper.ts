/** A toxic as configured on a proxy (Go's `ToxicWrapper`), and its JSON form. */
import { formatFloat32, marshalGo } from './go-json.js';
import type { ToxicAttributes, ToxicDefinition } from './toxics/types.js';

/** The two directions of a connection: upstream carries client→server bytes, downstream server→client. */
export type Direction = 'upstream' | 'downstream';

/** A toxic on a proxy. `stream` is kept exactly as sent (it is echoed back), `direction` is parsed. */
export interface ToxicWrapper {
  name: string;
  type: string;
  stream: string;
  /** A float32 value, as in Go. */
  toxicity: number;
  direction: Direction;
  attributes: ToxicAttributes;
  definition: ToxicDefinition;
}

/** The toxic JSON in Go's field order: attributes, name, type, stream, toxicity. */
export function marshalToxic(toxic: ToxicWrapper): string {
  const attributes = Object.keys(toxic.definition.attributes)
    .map((key) => `${marshalGo(key)}:${String(toxic.attributes[key] ?? 0)}`)
    .join(',');
  return (
    `{"attributes":{${attributes}},"name":${marshalGo(toxic.name)},"type":${marshalGo(toxic.type)},` +
    `"stream":${marshalGo(toxic.stream)},"toxicity":${formatFloat32(toxic.toxicity)}}`
  );
}
