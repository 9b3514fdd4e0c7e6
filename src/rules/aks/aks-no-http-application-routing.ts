// Reports clusters with the retired HTTP application routing add-on.
import { reportFlagNot } from '../cluster-fields.js';
import { dedent, defineRule } from '../define-rule.js';

export const aksNoHttpApplicationRouting = defineRule({
  id: 'aks-no-http-application-routing',
  title: 'Do not use the HTTP application routing add-on',
  category: 'ingress',
  defaultSeverity: 'medium',
  docs: {
    summary:
      'Reports clusters with the HTTP application routing add-on, which was never meant for production and is retired.',
    rationale: dedent`
      The add-on created a public ingress controller and a public DNS zone for every service it exposed, with no
      TLS; the documentation always said it was not for production. The talk's ingress design instead uses a
      dedicated ingress subnet behind a WAF and a firewall.

      **What changed since 2021.** The add-on was retired on **2025-03-03**. Its replacement is the application
      routing add-on (\`ingressProfile.webAppRouting\`, managed NGINX with Key Vault certificates and private
      DNS) or the Gateway API.
    `,
    remediation: {
      az: 'az aks disable-addons -g RESOURCE_GROUP -n CLUSTER --addons http_application_routing && az aks approuting enable -g RESOURCE_GROUP -n CLUSTER',
      terraform: dedent`
        http_application_routing_enabled = false
        web_app_routing {
          dns_zone_ids = []
        }
      `,
      arm: dedent`
        "addonProfiles": { "httpApplicationRouting": { "enabled": false } },
        "ingressProfile": { "webAppRouting": { "enabled": true } }
      `,
    },
    references: ['https://learn.microsoft.com/azure/aks/app-routing'],
  },
  equivalents: { psrule: ['Azure.AKS.HttpAppRouting'], checkov: ['CKV_AZURE_246'] },
  messages: {
    enabled:
      'Cluster {{cluster}} enables HTTP application routing, retired on 2025-03-03 and never meant for production; use the application routing add-on.',
  },
  examples: {
    valid: [
      dedent`
        name: approuting
        type: Microsoft.ContainerService/ManagedClusters
        addonProfiles:
          httpApplicationRouting:
            enabled: false
      `,
    ],
    invalid: [
      {
        input: dedent`
          name: demo-routing
          type: Microsoft.ContainerService/ManagedClusters
          addonProfiles:
            httpApplicationRouting:
              enabled: true
        `,
        reports: [{ messageId: 'enabled', line: 5 }],
      },
    ],
  },
  check(ctx) {
    reportFlagNot(
      ctx,
      {
        path: 'addons/httpApplicationRouting',
        read: (c) => c.addons.httpApplicationRouting,
        absentMeans: false,
      },
      false,
      'enabled',
    );
  },
});
