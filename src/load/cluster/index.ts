// Cluster definitions (az JSON, ARM, Terraform) → the normalized Cluster model.
import type { Cluster } from '../../model/cluster.js';
import { type Diagnostic, sortDiagnostics } from '../../model/diagnostic.js';
import type { InputDocument } from '../detect.js';
import { readArmTemplate } from './arm-template.js';
import { pairTemplatesWithParameters } from './pair-parameters.js';
import { readResourceDocuments } from './resource-document.js';
import { readTerraform } from './terraform.js';

/** The clusters found in a set of documents and the problems met while reading them. */
export interface LoadedClusters {
  /** Sorted by file, then name. */
  readonly clusters: Cluster[];
  /** Sorted by position. */
  readonly diagnostics: Diagnostic[];
}

/**
 * Reads every AKS cluster defined in already-read documents: `az aks show -o json` output (`az-aks`),
 * an ARM resource as exported (`arm-resource`), an ARM template with its parameters file
 * (`arm-template` + `arm-parameters`), and Terraform plan or state JSON (`terraform`). Other documents
 * are ignored. Pure: no file is read.
 */
export function loadClusters(documents: readonly InputDocument[]): LoadedClusters {
  const fromResources = readResourceDocuments(documents);
  const clusters = [...fromResources.clusters];
  const diagnostics = [...fromResources.diagnostics];
  const paired = pairTemplatesWithParameters(documents);
  diagnostics.push(...paired.diagnostics);
  for (const { template, parameters } of paired.pairs) {
    const read = readArmTemplate(template, parameters);
    clusters.push(...read.clusters);
    diagnostics.push(...read.diagnostics);
  }
  for (const document of documents.filter((d) => d.kind === 'terraform')) {
    const read = readTerraform(document);
    clusters.push(...read.clusters);
    diagnostics.push(...read.diagnostics);
  }
  clusters.sort((a, b) => a.file.localeCompare(b.file) || a.name.localeCompare(b.name));
  return { clusters, diagnostics: distinct(sortDiagnostics(diagnostics)) };
}

/** Drops repeats: a network resource read for each of several clusters reports its problem once. */
function distinct(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = JSON.stringify([d.code, d.message, d.source?.file, d.source?.line, d.source?.column]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
