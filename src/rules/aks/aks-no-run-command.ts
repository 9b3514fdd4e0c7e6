// Reports clusters that leave run command (`az aks command invoke`) enabled.
import { reportFlagNot } from '../cluster-fields.js';
import { dedent, defineRule } from '../define-rule.js';

export const aksNoRunCommand = defineRule({
  id: 'aks-no-run-command',
  title: 'Disable run command where all access must go through the network',
  category: 'api-server',
  defaultSeverity: 'low',
  docs: {
    summary: 'Reports clusters where run command (`az aks command invoke`) is not disabled.',
    rationale: dedent`
      The talk introduced run command as the way to "manage private clusters without the need for a Jumpbox":
      commands run inside the cluster as \`kubectl\`, and "calls are audited and logged". That convenience is also
      a path to the cluster that does not cross your network: anyone granted the
      \`Microsoft.ContainerService/managedClusters/runCommand/action\` permission on the resource reaches the API
      server, private endpoint or not.

      **What changed since 2021.** Run command is GA and, on Entra-integrated clusters, runs with the caller's
      Kubernetes permissions. Azure Policy has a built-in, "Azure Kubernetes Service Clusters should disable
      Command Invoke", for organisations whose policy is that every access goes through the private network;
      this rule reports the same setting. It is \`low\` because run command is audited and needs an Azure
      permission; keep it where it is your break-glass path and suppress with that reason.
    `,
    remediation: {
      az: 'az aks update -g RESOURCE_GROUP -n CLUSTER --disable-run-command',
      terraform: 'run_command_enabled = false',
      arm: dedent`
        "apiServerAccessProfile": {
          "disableRunCommand": true
        }
      `,
    },
    whenNotToUse: 'When run command is the agreed break-glass path to a private cluster.',
    references: [
      'https://learn.microsoft.com/azure/aks/access-private-cluster',
      'https://learn.microsoft.com/azure/aks/policy-reference',
    ],
  },
  equivalents: {},
  messages: {
    enabled:
      'Cluster {{cluster}} allows run command (az aks command invoke), a way in that bypasses the network path.',
  },
  examples: {
    valid: [
      dedent`
        name: locked
        type: Microsoft.ContainerService/ManagedClusters
        apiServerAccessProfile:
          enablePrivateCluster: true
          disableRunCommand: true
      `,
    ],
    invalid: [
      {
        input: dedent`
          name: default
          type: Microsoft.ContainerService/ManagedClusters
          apiServerAccessProfile:
            enablePrivateCluster: true
        `,
        reports: [{ messageId: 'enabled', line: 3 }],
      },
    ],
  },
  check(ctx) {
    reportFlagNot(
      ctx,
      { path: 'apiServer/disableRunCommand', read: (c) => c.apiServer.disableRunCommand, absentMeans: false },
      true,
      'enabled',
    );
  },
});
