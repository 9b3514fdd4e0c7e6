import { describe, expect, it } from 'vitest';
import { buildPolicyModel } from './ir.js';
import { parsePortSpec, portAtoms } from './ports.js';

describe('parsePortSpec', () => {
  it.each([
    ['80/TCP', { protocol: 'TCP', port: 80 }],
    ['53/udp', { protocol: 'UDP', port: 53 }],
    ['443', { protocol: 'TCP', port: 443 }],
    ['65535/SCTP', { protocol: 'SCTP', port: 65535 }],
  ])('reads %s', (text, expected) => expect(parsePortSpec(text)).toEqual(expected));

  it.each([['0/TCP'], ['70000'], ['80/ICMP'], ['http'], ['80/']])('rejects %s', (text) =>
    expect(parsePortSpec(text)).toHaveProperty('error'),
  );
});

describe('portAtoms', () => {
  it('cuts each protocol at the ranges rules name and the numbers named ports resolve to', () => {
    const model = buildPolicyModel([
      {
        name: 'default',
        layer: 'tiered',
        order: 0,
        defaultAction: 'deny',
        policies: [
          {
            id: 'p',
            subject: { type: 'any' },
            isolates: ['ingress'],
            order: 0,
            rules: [
              {
                direction: 'ingress',
                peer: { type: 'any' },
                ports: {
                  include: [{ protocol: 'TCP', ranges: [[80, 90]] }],
                  exclude: [{ protocol: 'any', ranges: [[85, 85]] }],
                },
                action: 'allow',
                origin: { index: 0, source: { file: 'f', line: 1, column: 1 }, summary: 's' },
              },
            ],
            origin: {
              dialect: 'kubernetes',
              kind: 'NetworkPolicy',
              name: 'p',
              source: { file: 'f', line: 1, column: 1 },
            },
          },
        ],
      },
    ]);
    const atoms = portAtoms(model, [['UDP', 53]]);
    expect(atoms.filter((a) => a.protocol === 'TCP').map((a) => [a.first, a.last])).toEqual([
      [1, 79],
      [80, 84],
      [85, 85],
      [86, 90],
      [91, 65535],
    ]);
    expect(atoms.filter((a) => a.protocol === 'UDP').map((a) => [a.first, a.last])).toEqual([
      [1, 52],
      [53, 53],
      [54, 84],
      [85, 85],
      [86, 65535],
    ]);
  });
});
