/**
 * The people behind a workload: a client pool for trades and a customer pool for payments,
 * named by @faker-js/faker. Each pool has its own faker instance seeded from its own stream
 * (never the global faker), so the pools are reproducible and independent of each other.
 */
import type { Faker } from '@faker-js/faker';
// The en_AU entry point, not the package root: the root loads every locale (~17 MB of heap, ~40 MB
// of RSS on a drill whose whole budget is 300 MB). Its instance carries the merged [en_AU, en, base]
// definitions and the Faker class, from which each pool gets a fresh, independently seeded instance.
import { faker as enAuFaker } from '@faker-js/faker/locale/en_AU';
import type { Rng } from '../engine/rng.js';
import { createWeightedPicker } from './pick.js';

export interface Client {
  id: string;
  name: string;
  tier: string;
}

/** A faker seeded with a 32-bit integer drawn from `rng`. */
export function createSeededFaker(rng: Rng): Faker {
  const FakerClass = enAuFaker.constructor as typeof Faker;
  const faker = new FakerClass({ locale: enAuFaker.rawDefinitions });
  faker.seed(Math.floor(rng.next() * 4294967296));
  return faker;
}

/** Draw ids until one is new; collisions are vanishingly rare but ids must be unique. */
function uniqueId(seen: Set<string>, draw: () => string): string {
  let id = draw();
  while (seen.has(id)) id = draw();
  seen.add(id);
  return id;
}

/**
 * `count` clients with tiers drawn by weight from `tierRng`, names and ids from `fakerRng`.
 * Ids look like `CL-7Q2M9XKD`.
 */
export function createClientPool(count: number, tiers: { name: string; weight: number }[], tierRng: Rng, fakerRng: Rng): Client[] {
  const faker = createSeededFaker(fakerRng);
  const pickTier = tiers.length > 0 ? createWeightedPicker(tiers.map((t) => t.name), tiers.map((t) => t.weight), tierRng) : () => 'retail';
  const seen = new Set<string>();
  const clients: Client[] = [];
  for (let i = 0; i < count; i++) {
    const id = uniqueId(seen, () => `CL-${faker.string.alphanumeric({ length: 8, casing: 'upper' })}`);
    clients.push({ id, name: faker.person.fullName(), tier: pickTier() });
  }
  return clients;
}

/** `count` customer ids shaped like a card processor's (`cus_` + 14 alphanumerics). */
export function createCustomerPool(count: number, fakerRng: Rng): string[] {
  const faker = createSeededFaker(fakerRng);
  const seen = new Set<string>();
  const customers: string[] = [];
  for (let i = 0; i < count; i++) customers.push(uniqueId(seen, () => `cus_${faker.string.alphanumeric({ length: 14 })}`));
  return customers;
}
