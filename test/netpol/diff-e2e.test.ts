// `netpol diff` end to end, as a user runs it in a pull request: the built CLI in a temporary git repository,
// comparing a revision with the working tree and two revisions with each other, without a checkout.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runBuiltCli } from '../support/run-cli.js';

const SCENARIO = join(ROOT, 'test', 'golden', 'diff', 'policy-loosened');
let repo = '';

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'aksguard-diff-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'ci@example.invalid');
  git('config', 'user.name', 'ci');
  cpSync(join(SCENARIO, 'before'), join(repo, 'k8s'), { recursive: true });
  git('add', '.');
  git('commit', '-qm', 'base');
  git('checkout', '-q', '-b', 'loosen');
  cpSync(join(SCENARIO, 'after'), join(repo, 'k8s'), { recursive: true });
});

afterAll(() => {
  if (repo) rmSync(repo, { recursive: true, force: true });
});

interface DiffJson {
  base: string;
  head: string;
  summary: { connectionsAdded: number; connectionsChanged: number; newExposure: boolean };
  connections: { change: string; from: string; to: string; causes: { type: string }[] }[];
}

describe('aksguard netpol diff in a git repository', () => {
  it('compares --base with the working tree, reading the base with git', () => {
    const run = runBuiltCli(['netpol', 'diff', '--base', 'main', 'k8s', '--format', 'json'], { cwd: repo });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const diff = JSON.parse(run.stdout) as DiffJson;
    expect(diff.base).toBe('main');
    expect(diff.head).toBe('working tree (k8s)');
    expect(diff.summary).toMatchObject({ connectionsAdded: 3, connectionsChanged: 1, newExposure: true });
    expect(diff.connections.map((c) => `${c.change} ${c.from} -> ${c.to}`)).toContain(
      'added shop/Deployment/web -> shop/StatefulSet/db',
    );
    expect(diff.connections.every((c) => c.causes.some((cause) => cause.type === 'verdict'))).toBe(true);
  });

  it('names base positions by revision and head positions by file', () => {
    const run = runBuiltCli(['netpol', 'diff', '--base', 'main', 'k8s'], { cwd: repo });
    expect(run.stdout).toContain(
      'after:  allowed by NetworkPolicy shop/db rule 0 (modified, k8s/policies.yaml:43:11)',
    );
    expect(run.stdout).toContain('Connectivity diff at workload granularity: main → working tree (k8s)');
  });

  it('fails the gate on new exposure, and compares two revisions once committed', () => {
    expect(
      runBuiltCli(['netpol', 'diff', '--base', 'main', 'k8s', '--fail-on-new-exposure'], { cwd: repo }).code,
    ).toBe(1);
    execFileSync('git', ['commit', '-qam', 'loosen'], { cwd: repo });
    const reverse = runBuiltCli(['netpol', 'diff', 'loosen', 'main', 'k8s', '--fail-on-new-exposure'], {
      cwd: repo,
    });
    expect(reverse.code).toBe(0);
    expect(reverse.stdout).toContain('0 connections added, 3 removed, 1 changed');
    expect(reverse.stdout).toContain(
      'before: allowed by NetworkPolicy shop/db rule 0 (modified, loosen:k8s/policies.yaml:43:11)',
    );
    const same = runBuiltCli(['netpol', 'diff', '--base', 'HEAD', 'k8s', '--fail-on-new-exposure'], {
      cwd: repo,
    });
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('No connection changed.');
  });

  it('refuses what is neither a path nor a revision, with exit 2', () => {
    const run = runBuiltCli(['netpol', 'diff', 'no-such-thing', 'k8s'], { cwd: repo });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'aksguard: error: "no-such-thing" is neither a file or folder nor a git revision',
    );
    const bad = runBuiltCli(['netpol', 'diff', '--base', 'origin/nope', 'k8s'], { cwd: repo });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--base origin/nope: not a revision of a git repository here');
    expect(runBuiltCli(['netpol', 'diff', 'k8s'], { cwd: repo }).stderr).toContain(
      'netpol diff needs BASE and HEAD',
    );
  });
});
