// How the Azure cloud provider reads a Kubernetes Service: load balancer type and its Azure annotations.
import { escapePointerSegment } from '../model/source.js';
import { dig, type KubeObject } from './k8s-objects.js';

/** Annotations of the Azure cloud provider (cloud-provider-azure), as documented for AKS. */
export const AZURE_LB_INTERNAL = 'service.beta.kubernetes.io/azure-load-balancer-internal';
export const AZURE_LB_INTERNAL_SUBNET = 'service.beta.kubernetes.io/azure-load-balancer-internal-subnet';
export const AZURE_ALLOWED_SERVICE_TAGS = 'service.beta.kubernetes.io/azure-allowed-service-tags';

/** Whether an object is a Service of type LoadBalancer. */
export function isLoadBalancerService(object: KubeObject): boolean {
  return object.kind === 'Service' && dig(object.value, 'spec', 'type') === 'LoadBalancer';
}

/** Whether a LoadBalancer Service gets an internal (private) frontend: the annotation must read `true`. */
export function isInternalLoadBalancer(object: KubeObject): boolean {
  return object.annotations[AZURE_LB_INTERNAL]?.toLowerCase() === 'true';
}

/** The JSON pointer of an annotation inside its object. */
export function annotationPointer(annotation: string): string {
  return `/metadata/annotations/${escapePointerSegment(annotation)}`;
}
