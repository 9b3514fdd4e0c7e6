// The model of the upstream AdminNetworkPolicy conformance suite (kubernetes-sigs/network-policy-api,
// conformance/base/manifests.yaml, plus the hogwarts-staff pods its tests address): the houses gryffindor,
// slytherin, hufflepuff and ravenclaw with two pods each, two professors, and the forbidden forest's
// host-networked centaurs.
export const namespaceOf = (house: string) => `network-policy-conformance-${house}`;

export interface ModelPod {
  readonly id: string;
  readonly house: string;
  readonly ip: string;
  /** The forbidden forest's centaurs run with host networking: their address is their node's. */
  readonly hostNetwork?: boolean;
}

function housePods(house: string, statefulSet: string, subnet: number): ModelPod[] {
  return [0, 1].map((n) => ({
    id: `${namespaceOf(house)}/${statefulSet}-${n}`,
    house,
    ip: `10.244.${subnet}.${10 + n}`,
  }));
}

export const [HARRY_0, HARRY_1] = housePods('gryffindor', 'harry-potter', 1);
export const [DRACO_0, DRACO_1] = housePods('slytherin', 'draco-malfoy', 2);
export const [CEDRIC_0, CEDRIC_1] = housePods('hufflepuff', 'cedric-diggory', 3);
export const [LUNA_0, LUNA_1] = housePods('ravenclaw', 'luna-lovegood', 4);
export const DUMBLEDORE: ModelPod = {
  id: `${namespaceOf('hogwarts-staff')}/professor-dumbledore-0`,
  house: 'hogwarts-staff',
  ip: '10.244.5.10',
};
export const QUIRRELL: ModelPod = {
  id: `${namespaceOf('hogwarts-staff')}/professor-quirrell-0`,
  house: 'hogwarts-staff',
  ip: '10.244.5.11',
};
const CENTAURS: ModelPod[] = [0, 1].map((n) => ({
  id: `${namespaceOf('forbidden-forrest')}/centaur-${n}`,
  house: 'forbidden-forrest',
  ip: `172.18.0.${2 + n}`,
  hostNetwork: true,
}));
export const CENTAUR_1 = CENTAURS[1]!;

export const MODEL_PODS: ModelPod[] = [
  HARRY_0!,
  HARRY_1!,
  DRACO_0!,
  DRACO_1!,
  CEDRIC_0!,
  CEDRIC_1!,
  LUNA_0!,
  LUNA_1!,
  DUMBLEDORE,
  QUIRRELL,
  ...CENTAURS,
];

// Every server container of the upstream pods; `web` and `dns` are the named ports of the named-port test.
const SERVER_PORTS =
  '[{name: web, containerPort: 80, protocol: TCP}, {containerPort: 8080, protocol: TCP}, ' +
  '{containerPort: 5353, protocol: UDP}, {name: dns, containerPort: 53, protocol: UDP}, ' +
  '{containerPort: 9003, protocol: SCTP}, {containerPort: 9005, protocol: SCTP}]';

export const MODEL_YAML = [
  ...[...new Set(MODEL_PODS.map((p) => p.house))].map(
    (house) => `apiVersion: v1
kind: Namespace
metadata: {name: ${namespaceOf(house)}, labels: {conformance-house: ${house}}}`,
  ),
  ...MODEL_PODS.map((pod) => {
    const [namespace, name] = pod.id.split('/');
    return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${namespace}
  labels: {conformance-house: ${pod.house}, statefulset.kubernetes.io/pod-name: ${name}}
spec:
  hostNetwork: ${pod.hostNetwork === true}
  containers: [{name: server, ports: ${SERVER_PORTS}}]
status: {podIP: ${pod.ip}}`;
  }),
].join('\n---\n');
