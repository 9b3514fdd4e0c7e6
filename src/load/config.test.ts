import { describe, expect, it } from 'vitest';
import { parseConfig } from './config.js';

describe('parseConfig', () => {
  it('reads every setting', () => {
    const { config, diagnostics } = parseConfig(
      'aksguard.yaml',
      [
        'failOn: high',
        'granularity: namespace',
        'rules:',
        '  aks-no-kubenet: off',
        '  k8s-drop-net-raw: low',
        '  aks-require-defender: on',
        'suppressions:',
        '  - rule: k8s-drop-net-raw',
        '    resource: shop/Deployment/legacy',
        '    justification: vendor image needs NET_RAW until v3',
        '    expires: 2027-03-31',
      ].join('\n'),
    );
    expect(diagnostics).toEqual([]);
    expect(config).toEqual({
      file: 'aksguard.yaml',
      failOn: 'high',
      granularity: 'namespace',
      rules: {
        'aks-no-kubenet': { enabled: false },
        'k8s-drop-net-raw': { enabled: true, severity: 'low' },
        'aks-require-defender': { enabled: true },
      },
      suppressions: [
        {
          rule: 'k8s-drop-net-raw',
          resource: 'shop/Deployment/legacy',
          justification: 'vendor image needs NET_RAW until v3',
          expires: '2027-03-31',
          line: 8,
        },
      ],
    });
  });

  it('refuses a suppression without justification, with its position, and keeps the valid ones', () => {
    const { config, diagnostics } = parseConfig(
      'aksguard.yaml',
      [
        'suppressions:',
        '  - rule: a',
        '    justification: ok',
        '  - rule: b',
        '  - rule: c',
        '    justification: later',
        '    expires: next week',
      ].join('\n'),
    );
    expect(config.suppressions.map((s) => s.rule)).toEqual(['a']);
    expect(diagnostics.map((d) => [d.message, d.source?.line])).toEqual([
      ['a suppression needs a justification', 4],
      ['invalid expiry date "next week"', 7],
    ]);
  });

  it.each([
    ['failOn: severe', 'invalid failOn "severe"', 1],
    ['granularity: cluster', 'invalid granularity "cluster"', 1],
    ['rules:\n  x: maybe', 'invalid setting for rule x: "maybe"', 2],
    ['fail-on: high', 'unknown key "fail-on"', 1],
    ['- a\n- b', 'aksguard.yaml must be a mapping', 1],
  ])('rejects %j', (text, message, line) => {
    const { diagnostics } = parseConfig('aksguard.yaml', text);
    expect(diagnostics[0]).toMatchObject({
      severity: 'error',
      code: 'invalid-config',
      message,
      source: { file: 'aksguard.yaml', line },
    });
  });
});
