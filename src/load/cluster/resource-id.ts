// Azure resource ids built from a resource's type and name, as ARM's resourceId() composes them.

/** Stands for the subscription id when the definition leaves it to deployment time. */
export const SUBSCRIPTION_PLACEHOLDER = '{subscriptionId}';
/** Stands for the resource group name when the definition leaves it to deployment time. */
export const RESOURCE_GROUP_PLACEHOLDER = '{resourceGroupName}';

/**
 * `/subscriptions/S/resourceGroups/G/providers/NS/T1/N1/T2/N2`: the type's segments after the
 * namespace interleaved with the name's segments (`Microsoft.Network/virtualNetworks/subnets` +
 * `spoke/nodes` → `.../virtualNetworks/spoke/subnets/nodes`).
 */
export function resourceIdOf(
  type: string,
  names: readonly string[],
  subscriptionId: string = SUBSCRIPTION_PLACEHOLDER,
  resourceGroup: string = RESOURCE_GROUP_PLACEHOLDER,
): string {
  const [namespace = '', ...types] = type.split('/');
  const path = types.map((t, i) => `${t}/${names[i] ?? ''}`).join('/');
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/${namespace}/${path}`;
}
