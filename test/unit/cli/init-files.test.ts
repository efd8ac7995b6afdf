/** How `faultline init` decides the faultline dependency of a new drill folder, and when CI could not install it. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ciInstallWarning, completedPackageJson, dependencySpec, jsonIndent, newPackageJson, rebaseFileSpec, WORKFLOW } from '../../../src/cli/commands/init-files.js';

const noClone = (): boolean => false;

describe('dependencySpec', () => {
  it('--from wins', () => {
    expect(dependencySpec('/w/drills', '/p/node_modules/faultline', '0.1.0', 'github:acme/faultline#v0.1.0', () => undefined, noClone)).toEqual({ spec: 'github:acme/faultline#v0.1.0', source: '--from' });
  });

  it('installed in a project: that project\'s spec, a relative tarball path rebased onto the new folder', () => {
    const pkgs: Record<string, unknown> = { '/home/me/app/package.json': { devDependencies: { faultline: 'file:vendor/faultline-0.1.0.tgz' } } };
    // /home/me/app/vendor/x.tgz seen from /home/me/app/drills is ../vendor/x.tgz.
    expect(dependencySpec('/home/me/app/drills', '/home/me/app/node_modules/faultline', '0.1.0', undefined, (f) => pkgs[f], noClone).spec).toBe('file:../vendor/faultline-0.1.0.tgz');
    // Scaffolding the project's own folder: the spec as it is (./ added so npm reads it as a path).
    expect(dependencySpec('/home/me/app', '/home/me/app/node_modules/faultline', '0.1.0', undefined, (f) => pkgs[f], noClone).spec).toBe('file:./vendor/faultline-0.1.0.tgz');
    const git: Record<string, unknown> = { '/home/me/app/package.json': { dependencies: { faultline: 'git+https://example.com/acme/faultline.git#v0.1.0' } } };
    expect(dependencySpec('/elsewhere', '/home/me/app/node_modules/faultline', '0.1.0', undefined, (f) => git[f], noClone).spec).toBe('git+https://example.com/acme/faultline.git#v0.1.0');
  });

  it('run from a clone: that clone, for this machine; otherwise the registry', () => {
    expect(dependencySpec('/home/me/drills', '/home/me/src/faultline', '0.1.0', undefined, () => undefined, () => true).spec).toBe('file:../src/faultline');
    expect(dependencySpec('/home/me/drills', '/opt/faultline', '0.1.0', undefined, () => undefined, noClone)).toEqual({ spec: '^0.1.0', source: 'the npm registry' });
    // Installed, but the host's package.json does not name it (a global install): the registry.
    expect(dependencySpec('/home/me/drills', '/usr/lib/node_modules/faultline', '0.1.0', undefined, () => undefined, noClone).spec).toBe('^0.1.0');
  });
});

describe('rebaseFileSpec and ciInstallWarning', () => {
  it('only file: specs move', () => {
    expect(rebaseFileSpec('^1.2.3', '/a', '/b')).toBe('^1.2.3');
    expect(rebaseFileSpec('file:/abs/x.tgz', '/a', '/b/c')).toBe('file:../../abs/x.tgz');
  });

  it('a tarball inside the folder is fine for CI; one outside is not, and the warning says what to do', () => {
    expect(ciInstallWarning('file:./vendor/faultline-0.1.0.tgz', '/w/drills')).toBeUndefined();
    expect(ciInstallWarning('^0.1.0', '/w/drills')).toBeUndefined();
    expect(ciInstallWarning('file:../faultline-0.1.0.tgz', '/w/drills')).toContain('/w/faultline-0.1.0.tgz, outside this folder');
    expect(ciInstallWarning('file:../faultline-0.1.0.tgz', '/w/drills')).toContain('copy faultline-0.1.0.tgz to vendor/ and run `npm install --save-dev ./vendor/faultline-0.1.0.tgz`');
    expect(ciInstallWarning('file:../src/faultline', '/w/drills')).toContain('`npm pack` in /w/src/faultline, then copy faultline-x.y.z.tgz to vendor/');
  });
});

describe('package.json', () => {
  it('a new one: private, faultline as a dev dependency, the drill scripts, a valid npm name', () => {
    expect(newPackageJson('Acme Drills!', '^0.1.0')).toEqual({
      name: 'acme-drills', private: true, description: 'API failure drills, run with faultline',
      scripts: { drills: 'faultline run scenarios/', 'drills:validate': 'faultline validate scenarios/' },
      devDependencies: { faultline: '^0.1.0' }, engines: { node: '>=20.19.0' },
    });
  });

  it('an existing one gains only what is missing; faultline as a dependency of either kind counts', () => {
    expect(completedPackageJson({ name: 'x', dependencies: { faultline: '0.1.0' }, scripts: { drills: 'a', 'drills:validate': 'b' } }, '^0.1.0')).toBeUndefined();
    expect(completedPackageJson({ name: 'x', scripts: { drills: 'mine' } }, '^0.1.0')).toEqual({
      pkg: { name: 'x', scripts: { drills: 'mine', 'drills:validate': 'faultline validate scenarios/' }, devDependencies: { faultline: '^0.1.0' } },
      added: ['devDependencies.faultline (^0.1.0)', 'scripts.drills:validate'],
    });
  });

  it('keeps the file\'s indentation', () => {
    expect(jsonIndent('{\n    "a": 1\n}')).toBe('    ');
    expect(jsonIndent('{\n\t"a": 1\n}')).toBe('\t');
    expect(jsonIndent('{"a":1}')).toBe(2);
  });
});

describe('docs/ci.md', () => {
  it('shows the workflow init writes, exactly', () => {
    const doc = readFileSync('docs/ci.md', 'utf8');
    const block = /## Example GitHub Actions workflow[\s\S]*?```yaml\n([\s\S]*?)```/.exec(doc)![1];
    expect(block).toBe(WORKFLOW);
  });
});
