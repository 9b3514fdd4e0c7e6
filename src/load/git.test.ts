import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isGitRevision, readInputsAtRevision } from './git.js';

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aksguard-git-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q');
  git('config', 'user.email', 't@example.invalid');
  git('config', 'user.name', 't');
  mkdirSync(join(dir, 'k8s'));
  writeFileSync(join(dir, 'k8s', 'ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: before}\n');
  writeFileSync(join(dir, 'README.md'), '# not read\n');
  git('add', '.');
  git('commit', '-qm', 'one');
  writeFileSync(join(dir, 'k8s', 'ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: after}\n');
  writeFileSync(join(dir, 'k8s', 'new.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: new}\n');
  git('add', '.');
  git('commit', '-qm', 'two');
  return dir;
}

describe('readInputsAtRevision', () => {
  it('reads files as they were at a revision, without a checkout', () => {
    const dir = repo();
    const at = readInputsAtRevision(dir, 'HEAD~1', ['k8s']);
    expect(at.diagnostics).toEqual([]);
    expect(at.files).toEqual(['HEAD~1:k8s/ns.yaml']);
    expect(at.documents.map((d) => (d.value as { metadata: { name: string } }).metadata.name)).toEqual([
      'before',
    ]);
    expect(at.documents[0]?.at('/metadata')).toMatchObject({ file: 'HEAD~1:k8s/ns.yaml', line: 3 });
    const head = readInputsAtRevision(join(dir, 'k8s'), 'HEAD', ['.']);
    expect(head.files).toEqual(['HEAD:k8s/new.yaml', 'HEAD:k8s/ns.yaml']);
  });

  it('tells revisions from paths', () => {
    const dir = repo();
    expect(isGitRevision(dir, 'HEAD~1')).toBe(true);
    expect(isGitRevision(dir, 'k8s')).toBe(false);
    expect(isGitRevision(dir, 'no-such-branch')).toBe(false);
  });

  it('reports an unknown revision', () => {
    const dir = repo();
    expect(readInputsAtRevision(dir, 'nope', ['.']).diagnostics[0]?.code).toBe('git-revision');
  });
});
