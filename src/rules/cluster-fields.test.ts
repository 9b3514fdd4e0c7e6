import { describe, expect, it } from 'vitest';
import type { DiagnosticSetting } from '../model/cluster.js';
import { whatSendsLog } from './cluster-fields.js';

function setting(
  categories: DiagnosticSetting['categories'],
  categoryGroups: DiagnosticSetting['categoryGroups'],
) {
  return { name: 's', categories, categoryGroups, path: 'diagnosticSettings/0' };
}

const unknown = { unknown: true as const, reason: 'known after apply' };

describe('whatSendsLog', () => {
  it('names the category, else the group that includes it', () => {
    expect(whatSendsLog(setting(['Kube-Audit-Admin'], []), 'kube-audit-admin')).toBe('Kube-Audit-Admin');
    expect(whatSendsLog(setting([], ['audit']), 'guard')).toBe('category group audit');
    expect(whatSendsLog(setting([], ['allLogs']), 'kube-apiserver')).toBe('category group allLogs');
    // The audit group holds the audit categories only.
    expect(whatSendsLog(setting([], ['audit']), 'kube-apiserver')).toBeUndefined();
    expect(whatSendsLog(setting(['guard'], []), 'kube-audit')).toBeUndefined();
  });

  it('cannot tell when a list it needs is unknown, but a known answer wins', () => {
    expect(whatSendsLog(setting(unknown, []), 'guard')).toEqual(unknown);
    expect(whatSendsLog(setting(['guard'], unknown), 'kube-audit')).toEqual(unknown);
    expect(whatSendsLog(setting(unknown, ['allLogs']), 'guard')).toBe('category group allLogs');
  });
});
