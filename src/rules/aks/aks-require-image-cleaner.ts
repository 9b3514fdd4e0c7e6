// Reports clusters without Image Cleaner.
import { reportFlagNot } from '../cluster-fields.js';
import { dedent, defineRule } from '../define-rule.js';

export const aksRequireImageCleaner = defineRule({
  id: 'aks-require-image-cleaner',
  title: 'Enable Image Cleaner',
  category: 'add-ons',
  defaultSeverity: 'low',
  docs: {
    summary:
      'Reports clusters without Image Cleaner, which removes unused (and vulnerable) images from nodes.',
    rationale: dedent`
      The talk's "Securing Workloads" part is about scanning images for vulnerabilities. Scanning finds them in
      the registry; images that no pod uses any more still sit on the nodes, where they can be started again and
      where node scanners keep reporting them.

      **What changed since 2021.** Image Cleaner (Eraser) is a managed AKS feature
      (\`securityProfile.imageCleaner\`): it periodically removes unused images, including those with known
      vulnerabilities. Azure Policy has a built-in that requires it.
    `,
    remediation: {
      az: 'az aks update -g RESOURCE_GROUP -n CLUSTER --enable-image-cleaner --image-cleaner-interval-hours 48',
      terraform: dedent`
        image_cleaner_enabled        = true
        image_cleaner_interval_hours = 48
      `,
      arm: dedent`
        "securityProfile": {
          "imageCleaner": { "enabled": true, "intervalHours": 48 }
        }
      `,
    },
    references: ['https://learn.microsoft.com/azure/aks/image-cleaner'],
  },
  equivalents: {},
  messages: {
    disabled: 'Cluster {{cluster}} does not run Image Cleaner: unused, vulnerable images stay on the nodes.',
  },
  examples: {
    valid: [
      dedent`
        name: clean
        type: Microsoft.ContainerService/ManagedClusters
        securityProfile:
          imageCleaner:
            enabled: true
            intervalHours: 48
      `,
    ],
    invalid: [
      {
        input: dedent`
          name: hoarder
          type: Microsoft.ContainerService/ManagedClusters
          securityProfile:
            imageCleaner:
              enabled: false
        `,
        reports: [{ messageId: 'disabled', line: 5 }],
      },
    ],
  },
  check(ctx) {
    reportFlagNot(
      ctx,
      { path: 'addons/imageCleaner', read: (c) => c.addons.imageCleaner, absentMeans: false },
      true,
      'disabled',
    );
  },
});
