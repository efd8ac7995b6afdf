// Lint enforces the layer rules of design.md: each layer may import only what its job needs.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const MODEL_DIRS = ['scenario', 'market', 'workload', 'providers', 'faults', 'finance', 'report'];

const nodeIo = ['fs', 'fs/promises', 'http', 'https', 'net', 'child_process', 'dgram', 'tls', 'os', 'process', 'worker_threads', 'readline']
  .flatMap((m) => [m, `node:${m}`]);

const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

const layer = (files, groups) => ({ files, rules: restrict(groups) });

// A regex on the bare specifier, so `decimal.js` the package is caught but `../finance/decimal.js` is not.
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const only = (pkg, where) => ({ regex: `^${escape(pkg)}(/.*)?$`, message: `${pkg} may only be imported in ${where} (design.md layer rules).` });

// Non-determinism is banned in pure code: time and randomness come through the Clock and Rng ports.
const determinism = {
  'no-restricted-properties': [
    'error',
    { object: 'Math', property: 'random', message: 'Use the seeded Rng port (engine/rng.ts).' },
    { object: 'Date', property: 'now', message: 'Use the Clock port.' },
  ],
  'no-restricted-syntax': [
    'error',
    { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'new Date() reads the wall clock; use the Clock port.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'reports/**', 'schema/**', '.faultline/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // Everywhere in src/ except finance: no decimal.js (money helpers are exported by finance/).
  layer(['src/**/*.{ts,tsx}'], [only('decimal.js', 'src/finance'), only('commander', 'src/cli'), only('ink', 'src/ui'), only('react', 'src/ui'), only('msw', 'src/transports and mocks/')]),
  layer(['src/finance/**/*.ts'], [only('commander', 'src/cli'), only('ink', 'src/ui'), only('react', 'src/ui'), only('msw', 'src/transports and mocks/'), { group: nodeIo, message: 'finance/ is pure model code: no node I/O.' }]),
  layer(['src/cli/**/*.{ts,tsx}'], [only('decimal.js', 'src/finance'), only('ink', 'src/ui'), only('react', 'src/ui'), only('msw', 'src/transports and mocks/')]),
  layer(['src/ui/**/*.{ts,tsx}'], [only('decimal.js', 'src/finance'), only('commander', 'src/cli'), only('msw', 'src/transports and mocks/')]),
  layer(['src/transports/**/*.ts'], [only('decimal.js', 'src/finance'), only('commander', 'src/cli'), only('ink', 'src/ui'), only('react', 'src/ui')]),
  ...MODEL_DIRS.filter((d) => d !== 'finance').map((d) =>
    layer([`src/${d}/**/*.ts`], [
      only('decimal.js', 'src/finance'), only('commander', 'src/cli'), only('ink', 'src/ui'), only('react', 'src/ui'), only('msw', 'src/transports and mocks/'),
      { group: nodeIo, message: `${d}/ is pure model code: no node I/O (pass data in through a port).` },
    ]),
  ),
  // The engine never imports the UI (one event stream, many sinks).
  layer(['src/engine/**/*.ts'], [only('decimal.js', 'src/finance'), only('commander', 'src/cli'), only('ink', 'src/ui'), only('react', 'src/ui'), only('msw', 'src/transports and mocks/'), { regex: '(^|/)ui/', message: 'The engine emits events; it never imports ui/.' }]),
  {
    files: [...MODEL_DIRS.map((d) => `src/${d}/**/*.ts`), 'src/engine/**/*.ts', 'src/integration/**/*.ts'],
    rules: determinism,
  },
  {
    files: ['test/**/*.{ts,tsx}', 'bench/**/*.{js,ts}'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
);
