/**
 * Go-compatible handling of `host:port` strings: splitting, port parsing, resolution and printing,
 * with the error texts of Go's `net` package (they reach API clients verbatim).
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** A split `host:port`; host may be empty (all interfaces / local system). */
export interface HostPort {
  host: string;
  port: string;
}

/** Go's `net.SplitHostPort`; throws with Go's `address ...: ...` text. */
export function splitHostPort(address: string): HostPort {
  const fail = (why: string): never => {
    throw new Error(`address ${address}: ${why}`);
  };
  const colon = address.lastIndexOf(':');
  if (colon < 0) fail('missing port in address');
  if (address.startsWith('[')) {
    const close = address.indexOf(']');
    if (close < 0) fail("missing ']' in address");
    if (close + 1 !== colon) fail(close + 1 === address.length ? 'missing port in address' : 'unexpected \']\' in address');
    return { host: address.slice(1, close), port: address.slice(colon + 1) };
  }
  const host = address.slice(0, colon);
  if (host.includes(':')) fail('too many colons in address');
  if (host.includes('[') || host.includes(']')) fail("unexpected '[' in address");
  return { host, port: address.slice(colon + 1) };
}

/** Go's port parsing: numeric 0..65535, or a (here unsupported) service name. */
export function parsePort(port: string): number {
  if (port === '') return 0;
  if (/^[+-]?\d+$/.test(port)) {
    const n = Number(port);
    if (n < 0 || n > 65535) throw new Error(`address ${port}: invalid port`);
    return n;
  }
  throw new Error(`lookup tcp/${port}: unknown port`);
}

/** Resolves a host to one IP, preferring IPv4 like Go's resolver does for TCP. */
export async function resolveHost(host: string): Promise<string> {
  if (host === '' || isIP(host) !== 0) return host;
  try {
    const all = await lookup(host, { all: true });
    const v4 = all.find((a) => a.family === 4);
    const first = v4 ?? all[0];
    if (first === undefined) throw new Error('no addresses');
    return first.address;
  } catch {
    throw new Error(`lookup ${host}: no such host`);
  }
}

/** Prints an address like Go's `TCPAddr.String()`: IPv6 in brackets, empty host as `:port`. */
export function formatAddress(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/** A resolved listen address. */
export interface ResolvedAddress {
  host: string;
  port: number;
  /** Go's `TCPAddr.String()` of it. */
  text: string;
}

/** Go's `net.ResolveTCPAddr("tcp", address)`; throws Go's error text. */
export async function resolveTcpAddress(address: string): Promise<ResolvedAddress> {
  if (address === '') return { host: '', port: 0, text: ':0' };
  const { host, port } = splitHostPort(address);
  const portNumber = parsePort(port);
  const ip = await resolveHost(host);
  return { host: ip, port: portNumber, text: formatAddress(ip, portNumber) };
}
