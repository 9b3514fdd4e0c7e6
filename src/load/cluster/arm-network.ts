// Maps ARM-shaped network resources next to a cluster (VNets, subnets, route tables, firewalls and their policies).
import {
  type Firewall,
  type FirewallRule,
  isUnknown,
  type Known,
  type Route,
  type RouteTable,
  type Subnet,
  sameResourceId,
  type VirtualNetwork,
} from '../../model/cluster.js';
import { warningDiagnostic } from '../../model/diagnostic.js';
import { compact, type FieldReader } from './fields.js';
import { FirewallRuleCollector } from './firewall-rules.js';
import { type SourceNode, unknownValue } from './source-node.js';

/** One resource, with its full type and name (`Microsoft.Network/virtualNetworks/subnets`, `vnet/nodes`). */
export interface ArmResource {
  readonly type: string;
  readonly name: string;
  /** Its resource id; `{subscriptionId}`-style segments stand for values known only at deployment. */
  readonly id: string;
  /** The resource object (with `properties`). */
  readonly node: SourceNode;
}

/**
 * A resource's (or sub-resource's) `properties`; `az network … show` flattens them into the object
 * itself, so without a `properties` key the object is read directly.
 */
function propertiesOf(node: SourceNode): SourceNode {
  return node.child('properties') ?? node;
}

/** The network resources read next to a cluster. */
export interface NetworkParts {
  readonly subnets: Subnet[];
  readonly virtualNetworks: VirtualNetwork[];
  readonly routeTables: RouteTable[];
  readonly firewalls: Firewall[];
}

const TYPE = {
  vnet: 'microsoft.network/virtualnetworks',
  subnet: 'microsoft.network/virtualnetworks/subnets',
  routeTable: 'microsoft.network/routetables',
  route: 'microsoft.network/routetables/routes',
  firewall: 'microsoft.network/azurefirewalls',
  policy: 'microsoft.network/firewallpolicies',
  ruleGroup: 'microsoft.network/firewallpolicies/rulecollectiongroups',
};

/** Reads the network resources among `resources` (others are ignored), in definition order. */
export function readArmNetwork(reader: FieldReader, resources: readonly ArmResource[]): NetworkParts {
  const ofType = (type: string) => resources.filter((r) => r.type.toLowerCase() === type);
  const virtualNetworks: VirtualNetwork[] = [];
  const subnets: Subnet[] = [];
  const addSubnet = (id: string, name: string, vnetName: string | undefined, node: SourceNode) => {
    if (subnets.some((s) => sameResourceId(s.id, id))) return;
    const path = `subnets/${subnets.length}`;
    reader.note(path, node);
    subnets.push(readSubnet(reader, path, { id, name, vnetName }, node));
  };
  for (const vnet of ofType(TYPE.vnet)) {
    const path = `virtualNetworks/${virtualNetworks.length}`;
    reader.note(path, vnet.node);
    const properties = propertiesOf(vnet.node);
    const addressSpace = reader.strings(
      `${path}/addressSpace`,
      properties?.get('addressSpace', 'addressPrefixes'),
    );
    virtualNetworks.push({
      id: vnet.id,
      name: vnet.name,
      addressSpace: addressSpace ?? unknownValue('the virtual network has no address space'),
      path,
    });
    for (const inline of properties?.child('subnets')?.items() ?? []) {
      const name = inline.child('name')?.value;
      if (typeof name !== 'string') continue;
      addSubnet(`${vnet.id}/subnets/${name}`, name, vnet.name, inline);
    }
  }
  for (const subnet of ofType(TYPE.subnet)) {
    // A template names a subnet `vnet/subnet`; az output names it `subnet` and keeps the VNet in its id.
    const parts = subnet.name.split('/');
    const name = parts.at(-1) ?? subnet.name;
    const vnetName = parts.length > 1 ? parts[0] : /\/virtualNetworks\/([^/]+)/i.exec(subnet.id)?.[1];
    addSubnet(subnet.id, name, vnetName, subnet.node);
  }
  return {
    subnets,
    virtualNetworks,
    routeTables: readRouteTables(reader, ofType(TYPE.routeTable), ofType(TYPE.route)),
    firewalls: readFirewalls(reader, ofType(TYPE.firewall), ofType(TYPE.policy), ofType(TYPE.ruleGroup)),
  };
}

/** Reads a subnet's prefixes and associations from its resource (inline subnets have the same shape). */
function readSubnet(
  reader: FieldReader,
  path: string,
  base: { readonly id: string; readonly name: string; readonly vnetName: string | undefined },
  node: SourceNode,
): Subnet {
  const properties = propertiesOf(node);
  const many = properties?.child('addressPrefixes');
  const one = properties?.child('addressPrefix');
  let addressPrefixes: Known<readonly string[]> | undefined;
  if (many !== undefined) addressPrefixes = reader.strings(`${path}/addressPrefixes`, many);
  else if (one !== undefined) {
    const prefix = reader.string(`${path}/addressPrefixes`, one);
    addressPrefixes = prefix === undefined || isUnknown(prefix) ? prefix : [prefix];
  }
  if (addressPrefixes === undefined) {
    reader.diagnostics.push(
      warningDiagnostic('subnet-without-prefix', `subnet ${base.name} has no address prefix`, node.ref),
    );
  }
  return compact<Subnet>({
    id: base.id,
    name: base.name,
    vnetName: base.vnetName,
    addressPrefixes: addressPrefixes ?? unknownValue('the subnet has no address prefix'),
    routeTableId: reader.string(`${path}/routeTableId`, properties?.get('routeTable', 'id')),
    networkSecurityGroupId: reader.string(
      `${path}/networkSecurityGroupId`,
      properties?.get('networkSecurityGroup', 'id'),
    ),
    path,
  });
}

function readRouteTables(
  reader: FieldReader,
  tables: readonly ArmResource[],
  childRoutes: readonly ArmResource[],
): RouteTable[] {
  return tables.map((table, t) => {
    const path = `routeTables/${t}`;
    reader.note(path, table.node);
    const routeNodes: [string, SourceNode][] = [
      ...(propertiesOf(table.node).child('routes')?.items() ?? []).map((route): [string, SourceNode] => [
        String(route.child('name')?.value ?? ''),
        route,
      ]),
      ...childRoutes
        .filter((route) => route.name.toLowerCase().startsWith(`${table.name.toLowerCase()}/`))
        .map((route): [string, SourceNode] => [route.name.slice(table.name.length + 1), route.node]),
    ];
    const routes = routeNodes.map(([name, node], r) => readRoute(reader, `${path}/routes/${r}`, name, node));
    return { id: table.id, name: table.name, routes, path };
  });
}

function readRoute(reader: FieldReader, path: string, name: string, node: SourceNode): Route {
  reader.note(path, node);
  const properties = propertiesOf(node);
  return compact<Route>({
    name,
    addressPrefix:
      reader.string(`${path}/addressPrefix`, properties?.child('addressPrefix')) ??
      unknownValue('the route has no address prefix'),
    nextHopType:
      reader.string(`${path}/nextHopType`, properties?.child('nextHopType')) ??
      unknownValue('the route has no next hop type'),
    nextHopIpAddress: reader.string(`${path}/nextHopIpAddress`, properties?.child('nextHopIpAddress')),
  });
}

/**
 * Firewalls with their classic rule collections and the rule collection groups of the firewall policy
 * they use. A policy no firewall here uses (its firewall is defined elsewhere) still counts as a firewall,
 * named after the policy, so its rules are checked.
 */
function readFirewalls(
  reader: FieldReader,
  firewalls: readonly ArmResource[],
  policies: readonly ArmResource[],
  groups: readonly ArmResource[],
): Firewall[] {
  const out: Firewall[] = [];
  const usedPolicies = new Set<ArmResource>();
  const groupsOf = (policy: ArmResource) =>
    groups.filter((group) => group.name.toLowerCase().startsWith(`${policy.name.toLowerCase()}/`));
  const add = (resource: ArmResource, collect: (rules: RuleSink) => void, privateIp?: SourceNode) => {
    const path = `firewalls/${out.length}`;
    reader.note(path, resource.node);
    const sink = new RuleSink(reader, path);
    collect(sink);
    out.push(
      compact<Firewall>({
        id: resource.id,
        name: resource.name,
        privateIp: reader.string(`${path}/privateIp`, privateIp),
        rules: sink.rules,
        rulesUnknown: sink.unknownReason,
        path,
      }),
    );
  };
  for (const firewall of firewalls) {
    const properties = propertiesOf(firewall.node);
    const policyId = properties?.get('firewallPolicy', 'id')?.value;
    const policy =
      typeof policyId === 'string' ? policies.find((p) => sameResourceId(p.id, policyId)) : undefined;
    if (policy) usedPolicies.add(policy);
    add(
      firewall,
      (sink) => {
        sink.classic('application', properties?.child('applicationRuleCollections'));
        sink.classic('network', properties?.child('networkRuleCollections'));
        if (isUnknown(policyId)) sink.markUnknown(policyId.reason);
        for (const group of policy ? groupsOf(policy) : []) sink.policyGroup(group.node);
      },
      firewallPrivateIp(properties),
    );
  }
  for (const policy of policies) {
    if (usedPolicies.has(policy)) continue;
    const policyGroups = groupsOf(policy);
    if (policyGroups.length === 0) continue;
    add(policy, (sink) => {
      for (const group of policyGroups) sink.policyGroup(group.node);
    });
  }
  return out;
}

/** The private address of a firewall's first IP configuration (reported by Azure, so only in az or exported output). */
function firewallPrivateIp(properties: SourceNode | undefined): SourceNode | undefined {
  const configuration = properties?.get('ipConfigurations', 0);
  return configuration && propertiesOf(configuration).child('privateIPAddress');
}

/** Reads one firewall's rules from classic collections and policy rule collection groups. */
class RuleSink extends FirewallRuleCollector {
  /** `applicationRuleCollections` / `networkRuleCollections` of a classic (non-policy) firewall. */
  classic(kind: FirewallRule['kind'], collections: SourceNode | undefined): void {
    for (const collection of this.itemsOf(collections)) {
      const properties = propertiesOf(collection);
      const action = this.text(properties?.get('action', 'type'));
      const name = this.text(collection.child('name')) ?? '';
      for (const rule of this.itemsOf(properties?.child('rules'))) this.add(kind, name, action, rule);
    }
  }

  /** A `firewallPolicies/ruleCollectionGroups` resource: filter rule collections (NAT collections are not egress rules). */
  policyGroup(group: SourceNode): void {
    for (const collection of this.itemsOf(propertiesOf(group).child('ruleCollections'))) {
      const type = collection.child('ruleCollectionType')?.value;
      if (typeof type === 'string' && type.toLowerCase() !== 'firewallpolicyfilterrulecollection') continue;
      const action = this.text(collection.get('action', 'type'));
      const name = this.text(collection.child('name')) ?? '';
      for (const rule of this.itemsOf(collection.child('rules'))) {
        const ruleType = String(rule.child('ruleType')?.value ?? '').toLowerCase();
        if (ruleType === 'applicationrule') this.add('application', name, action, rule);
        else if (ruleType === 'networkrule') this.add('network', name, action, rule);
        else this.unknownIn(rule.child('ruleType'));
      }
    }
  }

  private add(
    kind: FirewallRule['kind'],
    collection: string,
    action: string | undefined,
    rule: SourceNode,
  ): void {
    const list = (...keys: string[]) => keys.flatMap((key) => this.textList(rule.child(key)));
    this.push(
      compact<FirewallRule>({
        kind,
        collection,
        name: this.text(rule.child('name')) ?? '',
        action,
        sourceAddresses: list('sourceAddresses', 'sourceIpGroups'),
        fqdns: kind === 'application' ? list('targetFqdns') : [],
        fqdnTags: kind === 'application' ? list('fqdnTags') : [],
        protocols:
          kind === 'application'
            ? this.protocolPorts(rule.child('protocols'), 'protocolType')
            : list('protocols', 'ipProtocols'),
        destinations:
          kind === 'network' ? list('destinationAddresses', 'destinationFqdns', 'destinationIpGroups') : [],
        ports: kind === 'network' ? list('destinationPorts') : [],
      }),
      rule,
    );
  }
}
