import { describe, expect, it } from 'vitest';
import { cloudOfLocation, fqdnAdmits, portsInclude } from './aks-egress-requirements.js';

describe('fqdnAdmits', () => {
  it.each([
    ['*', 'mcr.microsoft.com', true],
    ['mcr.microsoft.com', 'MCR.microsoft.com', true],
    ['*.microsoft.com', 'mcr.microsoft.com', true],
    ['*.microsoft.com', '*.data.mcr.microsoft.com', true],
    ['*.data.mcr.microsoft.com', '*.data.mcr.microsoft.com', true],
    ['*.mcr.microsoft.com', 'mcr.microsoft.com', false],
    ['data.mcr.microsoft.com', '*.data.mcr.microsoft.com', false],
    ['*.hcp.westeurope.azmk8s.io', '*.hcp.northeurope.azmk8s.io', false],
    ['microsoft.com', 'mcr.microsoft.com', false],
  ])('%s admits %s: %s', (pattern, required, admitted) => {
    expect(fqdnAdmits(pattern, required)).toBe(admitted);
  });
});

describe('portsInclude', () => {
  it.each([
    [['443'], 443, true],
    [['*'], 1194, true],
    [['8000-9000'], 9000, true],
    [['80', '8443'], 443, false],
  ] as const)('%j includes %i: %s', (ports, port, included) => {
    expect(portsInclude(ports, port)).toBe(included);
  });
});

describe('cloudOfLocation', () => {
  it.each([
    ['westeurope', 'public'],
    ['usgovvirginia', 'usgovernment'],
    ['USDoD East', 'usgovernment'],
    ['chinaeast2', 'china'],
  ])('%s is in the %s cloud', (location, cloud) => {
    expect(cloudOfLocation(location)).toBe(cloud);
  });
});
