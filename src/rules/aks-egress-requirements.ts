// What an AKS cluster behind a firewall must reach, per cloud and per feature (reference: aks-facts §4;
// learn.microsoft.com/azure/aks/outbound-rules-control-egress).
import type { Cluster } from '../model/cluster.js';
import { flagValue } from './cluster-fields.js';

/** Azure clouds with their own AKS endpoints. */
export type AzureCloud = 'public' | 'usgovernment' | 'china';

/** The cloud a region belongs to, by its name (`usgovvirginia`, `chinaeast2`, `westeurope`). */
export function cloudOfLocation(location: string): AzureCloud {
  const name = location.toLowerCase().replace(/\s+/g, '');
  if (name.startsWith('usgov') || name.startsWith('usdod')) return 'usgovernment';
  if (name.startsWith('china')) return 'china';
  return 'public';
}

/** A group of FQDNs (HTTPS, 443) one feature needs, and whether the cluster uses that feature. */
export interface FqdnRequirement {
  readonly feature: string;
  readonly fqdns: readonly string[];
  /** Whether Azure Firewall's `AzureKubernetesService` FQDN tag covers the group. */
  readonly coveredByAksTag: boolean;
}

/** A network rule (protocol and port to the region's `AzureCloud` tag or the API server) a cloud requires. */
export interface PortRequirement {
  readonly protocol: 'TCP' | 'UDP';
  readonly port: number;
}

/** The FQDN groups a cluster needs through its firewall, given its cloud, region and features. */
export function requiredFqdns(cluster: Cluster, cloud: AzureCloud, location: string): FqdnRequirement[] {
  const isPrivate = flagValue(cluster.apiServer.privateCluster, false) === true;
  const on = (value: Parameters<typeof flagValue>[0]) => flagValue(value, false) === true;
  const groups: FqdnRequirement[] = [];
  const core = (names: readonly string[]) =>
    groups.push({ feature: 'AKS', fqdns: names, coveredByAksTag: true });
  const feature = (name: string, enabled: boolean, fqdns: readonly string[]) => {
    if (enabled) groups.push({ feature: name, fqdns, coveredByAksTag: false });
  };
  if (cloud === 'usgovernment') {
    core([
      // Nodes reach a private API server through its private endpoint, not this name.
      ...(isPrivate ? [] : [`*.hcp.${location}.cx.aks.containerservice.azure.us`]),
      'mcr.microsoft.com',
      '*.data.mcr.microsoft.com',
      'management.usgovcloudapi.net',
      'login.microsoftonline.us',
      'packages.microsoft.com',
      'acs-mirror.azureedge.net',
      'packages.aks.azure.com',
    ]);
    feature('Azure Policy', on(cluster.addons.azurePolicy), [
      'data.policy.azure.us',
      'store.policy.azure.us',
    ]);
    feature('monitoring', on(cluster.addons.monitoring), ['*.opinsights.azure.us', '*.monitor.azure.us']);
  } else if (cloud === 'china') {
    core([
      ...(isPrivate
        ? []
        : [`*.hcp.${location}.cx.prod.service.azk8s.cn`, `*.tun.${location}.cx.prod.service.azk8s.cn`]),
      '*.azk8s.cn',
      'mcr.azure.cn',
      '*.data.mcr.azure.cn',
      'management.chinacloudapi.cn',
      'login.chinacloudapi.cn',
    ]);
    feature('Azure Policy', on(cluster.addons.azurePolicy), [
      'data.policy.azure.cn',
      'store.policy.azure.cn',
    ]);
    feature('monitoring', on(cluster.addons.monitoring), ['*.opinsights.azure.cn', '*.monitor.azure.cn']);
  } else {
    core([
      ...(isPrivate ? [] : [`*.hcp.${location}.azmk8s.io`]),
      'mcr.microsoft.com',
      '*.data.mcr.microsoft.com',
      'mcr-0001.mcr-msedge.net',
      'management.azure.com',
      'login.microsoftonline.com',
      'packages.microsoft.com',
      'acs-mirror.azureedge.net',
      'packages.aks.azure.com',
    ]);
    feature('Azure Policy', on(cluster.addons.azurePolicy), [
      'data.policy.core.windows.net',
      'store.policy.core.windows.net',
      'dc.services.visualstudio.com',
    ]);
    feature('monitoring', on(cluster.addons.monitoring), [
      '*.ods.opinsights.azure.com',
      '*.oms.opinsights.azure.com',
      'dc.services.visualstudio.com',
      '*.monitoring.azure.com',
      'login.microsoftonline.com',
      'global.handler.control.monitor.azure.com',
      `${location}.handler.control.monitor.azure.com`,
      '*.ingest.monitor.azure.com',
      '*.metrics.ingest.monitor.azure.com',
    ]);
    feature('Defender', on(cluster.addons.defender), [
      'login.microsoftonline.com',
      '*.ods.opinsights.azure.com',
      '*.oms.opinsights.azure.com',
      '*.cloud.defender.microsoft.com',
    ]);
    // The documentation writes `vault.azure.net`; real vaults are `<name>.vault.azure.net`.
    feature('Key Vault secrets provider', on(cluster.addons.keyVaultSecretsProvider), ['*.vault.azure.net']);
    feature('workload identity', on(cluster.identity.workloadIdentity), ['login.microsoftonline.com']);
  }
  return groups;
}

/**
 * Network rules the cloud requires. Public-cloud clusters use konnectivity over 443 to `*.hcp.<region>.azmk8s.io`
 * and no longer need UDP 1194 / TCP 9000 (nor NTP for nodes provisioned after March 2021); the sovereign clouds'
 * documentation still lists them, and 21Vianet adds TCP 22.
 */
export function requiredPorts(cloud: AzureCloud, isPrivate: boolean): PortRequirement[] {
  if (cloud === 'public' || isPrivate) return [];
  const tunnel: PortRequirement[] = [
    { protocol: 'UDP', port: 1194 },
    { protocol: 'TCP', port: 9000 },
  ];
  return cloud === 'china' ? [...tunnel, { protocol: 'TCP', port: 22 }] : tunnel;
}

/**
 * Whether a firewall FQDN (`*`, `name`, `*.suffix`) admits a required name (`host` or `*.suffix`). Azure Firewall
 * matches `*.suffix` against any name ending in `.suffix`; a required wildcard is admitted only by a pattern that
 * admits every name it stands for.
 */
export function fqdnAdmits(pattern: string, required: string): boolean {
  const p = pattern.trim().toLowerCase();
  const r = required.toLowerCase();
  if (p === '*' || p === r) return true;
  if (!p.startsWith('*.')) return false;
  const suffix = p.slice(1);
  return r.startsWith('*.') ? r.slice(1).endsWith(suffix) : r.endsWith(suffix);
}

/** Whether a firewall port list (`443`, `8000-9000`, `*`) includes a port. */
export function portsInclude(ports: readonly string[], port: number): boolean {
  return ports.some((text) => {
    const value = text.trim();
    if (value === '*') return true;
    const range = /^(\d+)\s*-\s*(\d+)$/.exec(value);
    if (range) return Number(range[1]) <= port && port <= Number(range[2]);
    return Number(value) === port;
  });
}
