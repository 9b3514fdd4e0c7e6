// Reports HTTP served straight from a public load balancer, where no WAF can inspect it.
import { isInternalLoadBalancer, isLoadBalancerService } from '../azure-service.js';
import { dedent, defineRule } from '../define-rule.js';
import { dig } from '../k8s-objects.js';

/** Ports that carry HTTP by convention (IANA: 80, 443; common alternates 8080, 8443). */
const HTTP_PORTS = new Set([80, 443, 8080, 8443]);

/** Whether a Service port carries HTTP: by its number, its name (`http`, `https`, `http-…`) or its `appProtocol`. */
function isHttpPort(port: unknown): boolean {
  const number = dig(port, 'port');
  const name = String(dig(port, 'name') ?? '').toLowerCase();
  const appProtocol = String(dig(port, 'appProtocol') ?? '').toLowerCase();
  return (
    (typeof number === 'number' && HTTP_PORTS.has(number)) ||
    /^https?(-|$)/.test(name) ||
    /(^|\/)(https?|h2c?)$/.test(appProtocol)
  );
}

export const k8sRequireWafForPublicHttp = defineRule({
  id: 'k8s-require-waf-for-public-http',
  title: 'Put a WAF in front of public HTTP',
  category: 'ingress',
  defaultSeverity: 'medium',
  docs: {
    summary:
      'Reports public LoadBalancer Services on an HTTP port: the load balancer works at layer 4, so nothing inspects the HTTP requests.',
    rationale: dedent`
      The talk's ingress reference design is "AKS Ingress Subnet + WAF + AZ Firewall": public HTTP arrives at a
      web application firewall (Application Gateway or Front Door), which forwards to an internal load balancer
      in the ingress subnet. The Azure load balancer of a public Service passes packets at layer 4: SQL injection,
      path traversal and bot traffic reach the pods untouched. Where the definition shows such a Service, the WAF
      is missing from the path.

      **What changed since 2021.** Application Gateway for Containers, the application routing add-on and Front
      Door with Private Link to an internal load balancer are the managed ways to do this; the WAF policy is
      attached there.
    `,
    remediation: {
      kubernetes: dedent`
        # Publish through the WAF; the Service itself stays internal.
        metadata:
          annotations:
            service.beta.kubernetes.io/azure-load-balancer-internal: "true"
            service.beta.kubernetes.io/azure-load-balancer-internal-subnet: "ingress-subnet"
        spec:
          type: LoadBalancer
      `,
    },
    whenNotToUse:
      'When the public IP is only reachable from the WAF (for example restricted to the `AzureFrontDoor.Backend` service tag); suppress with that reason.',
    references: [
      'https://learn.microsoft.com/azure/aks/operator-best-practices-network#secure-traffic-with-a-web-application-firewall-waf',
      'https://learn.microsoft.com/azure/application-gateway/for-containers/overview',
    ],
  },
  equivalents: {},
  messages: {
    noWaf:
      'Service {{name}} serves HTTP port {{port}} on a public load balancer: no WAF inspects the requests.',
  },
  examples: {
    valid: [
      dedent`
        apiVersion: v1
        kind: Service
        metadata:
          name: web
          annotations:
            service.beta.kubernetes.io/azure-load-balancer-internal: "true"
        spec:
          type: LoadBalancer
          ports:
            - port: 443
      `,
      dedent`
        apiVersion: v1
        kind: Service
        metadata:
          name: game
        spec:
          type: LoadBalancer
          ports:
            - port: 7777
              protocol: UDP
      `,
    ],
    invalid: [
      {
        input: dedent`
          apiVersion: v1
          kind: Service
          metadata:
            name: web
          spec:
            type: LoadBalancer
            ports:
              - name: https
                port: 443
              - name: web
                port: 9000
                appProtocol: http
        `,
        reports: [
          { messageId: 'noWaf', line: 8 },
          { messageId: 'noWaf', line: 10 },
        ],
      },
    ],
  },
  check(ctx) {
    for (const object of ctx.objects) {
      if (!isLoadBalancerService(object) || isInternalLoadBalancer(object)) continue;
      const ports = dig(object.value, 'spec', 'ports');
      if (!Array.isArray(ports)) continue;
      ports.forEach((port, i) => {
        if (isHttpPort(port))
          ctx.report(
            'noWaf',
            { object, pointer: `/spec/ports/${i}` },
            { name: object.name, port: String(dig(port, 'port')) },
          );
      });
    }
  },
});
