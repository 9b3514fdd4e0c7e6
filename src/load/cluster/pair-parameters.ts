// Pairs ARM templates with their parameters files, by folder and name.
import { type Diagnostic, warningDiagnostic } from '../../model/diagnostic.js';
import type { InputDocument } from '../detect.js';

/** A template and the parameters file that goes with it, if any. */
export interface TemplateWithParameters {
  readonly template: InputDocument;
  readonly parameters?: InputDocument;
}

/**
 * Pairs each template with a parameters file: the only one in its folder; else the one in its folder
 * named after it (`azuredeploy.json` → `azuredeploy.parameters.json`, `azuredeploy.parameters.prod.json`);
 * else, when exactly one template and one parameters file were given, those two (`audit a/t.json b/p.json`).
 * A parameters file used by no template is reported.
 */
export function pairTemplatesWithParameters(documents: readonly InputDocument[]): {
  pairs: TemplateWithParameters[];
  diagnostics: Diagnostic[];
} {
  const templates = documents.filter((d) => d.kind === 'arm-template');
  const parameterFiles = documents.filter((d) => d.kind === 'arm-parameters');
  const diagnostics: Diagnostic[] = [];
  const used = new Set<InputDocument>();
  const pairs = templates.map((template): TemplateWithParameters => {
    const sameFolder = parameterFiles.filter((p) => folderOf(p.file) === folderOf(template.file));
    const stem = baseName(template.file)
      .replace(/\.json$/i, '')
      .toLowerCase();
    const named = sameFolder.filter((p) => baseName(p.file).toLowerCase().startsWith(`${stem}.param`));
    let parameters: InputDocument | undefined;
    if (sameFolder.length === 1) parameters = sameFolder[0];
    else if (named.length === 1) parameters = named[0];
    else if (sameFolder.length > 1) {
      diagnostics.push(
        warningDiagnostic(
          'arm-parameters-ambiguous',
          `${sameFolder.length} parameters files sit next to this template and none is named after it; the template is read with its default values`,
          template.at(),
          `name the parameters file ${stem}.parameters.json, or pass the template and its parameters file alone`,
        ),
      );
    } else if (templates.length === 1 && parameterFiles.length === 1) parameters = parameterFiles[0];
    if (parameters) used.add(parameters);
    return parameters ? { template, parameters } : { template };
  });
  for (const file of parameterFiles) {
    if (used.has(file) || templates.length === 0) continue;
    diagnostics.push(
      warningDiagnostic(
        'arm-parameters-unpaired',
        'this parameters file belongs to no template given',
        file.at(),
        'put it in the folder of its template, named after the template',
      ),
    );
  }
  return { pairs, diagnostics };
}

function folderOf(file: string): string {
  const slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return slash < 0 ? '' : file.slice(0, slash);
}

function baseName(file: string): string {
  const slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return file.slice(slash + 1);
}
