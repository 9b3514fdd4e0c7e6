// ARM templates (and compiled Bicep) with their parameters file: expressions evaluated, resources flattened, clusters read.
import type { Cluster } from '../../model/cluster.js';
import { isUnknown } from '../../model/cluster.js';
import { type Diagnostic, errorDiagnostic, warningDiagnostic } from '../../model/diagnostic.js';
import { childPointer, type SourceRef } from '../../model/source.js';
import { type InputDocument, isRecord } from '../detect.js';
import {
  type EvaluationScope,
  type Expression,
  ExpressionEvaluationError,
  ExpressionSyntaxError,
  evaluateExpression,
  parseExpression,
  type TemplateValue,
  templateStringKind,
} from './arm-expressions.js';
import { type ArmResource, readArmNetwork } from './arm-network.js';
import { assembleCluster } from './assemble.js';
import { FieldReader } from './fields.js';
import { type ChildAgentPool, readManagedCluster } from './managed-cluster.js';
import { resourceIdOf } from './resource-id.js';
import { findKey, type Locator, sourceNode, unknownValue } from './source-node.js';

/** A value evaluated from the template, and where each part of it came from (by pointer relative to the value). */
interface Located {
  readonly value: TemplateValue;
  readonly locate: Locator;
}

/** The clusters of one template and the problems found evaluating it. */
export interface TemplateClusters {
  readonly clusters: Cluster[];
  readonly diagnostics: Diagnostic[];
}

const MANAGED_CLUSTER = 'microsoft.containerservice/managedclusters';
const AGENT_POOL = 'microsoft.containerservice/managedclusters/agentpools';

/**
 * Reads the managed clusters of an ARM template. Parameters take their value from `parameters` (the
 * parameters file), else their `defaultValue`; one with neither is unknown. Expressions are evaluated;
 * what only the deployment can tell (`resourceGroup().location`, `reference(…)`, `uniqueString(…)`) is unknown.
 */
export function readArmTemplate(template: InputDocument, parameters?: InputDocument): TemplateClusters {
  const evaluation = new TemplateEvaluation(template, parameters);
  const resources = evaluation.resources();
  const clusters: Cluster[] = [];
  for (const cluster of resources.filter((r) => r.type.toLowerCase() === MANAGED_CLUSTER)) {
    const reader = new FieldReader();
    const childPools: ChildAgentPool[] = resources
      .filter(
        (r) =>
          r.type.toLowerCase() === AGENT_POOL &&
          r.name.toLowerCase().startsWith(`${cluster.name.toLowerCase()}/`),
      )
      .map((pool) => ({
        name: pool.name.slice(cluster.name.length + 1),
        resource: pool.node,
        properties: pool.node.child('properties'),
      }));
    const fields = readManagedCluster(reader, cluster.node, cluster.node.child('properties'), childPools);
    const network = readArmNetwork(reader, resources);
    evaluation.diagnostics.push(...reader.diagnostics);
    clusters.push(
      assembleCluster(
        { name: cluster.name, format: 'arm-template', file: template.file, ...fields, ...network },
        cluster.node.ref,
        reader.positions,
      ),
    );
  }
  return { clusters, diagnostics: evaluation.diagnostics };
}

/** One template's evaluation: its parameters, variables (evaluated once, on first use) and resources. */
class TemplateEvaluation {
  readonly diagnostics: Diagnostic[] = [];
  private readonly root: Record<string, unknown>;
  private readonly parameterValues = new Map<string, Located>();
  private readonly variableValues = new Map<string, Located | 'evaluating'>();
  private readonly scope: EvaluationScope;

  constructor(
    private readonly template: InputDocument,
    private readonly parametersFile: InputDocument | undefined,
  ) {
    this.root = isRecord(template.value) ? template.value : {};
    this.scope = {
      parameter: (name) => this.parameter(name)?.value,
      variable: (name) => this.variable(name)?.value,
    };
    this.checkParametersFile();
  }

  private checkParametersFile(): void {
    const file = this.parametersFile;
    if (!file || !isRecord(file.value) || !isRecord(file.value.parameters)) return;
    const declared = isRecord(this.root.parameters) ? this.root.parameters : {};
    for (const name of Object.keys(file.value.parameters)) {
      if (findKey(declared, name) === undefined) {
        this.diagnostics.push(
          warningDiagnostic(
            'arm-parameter-undeclared',
            `the parameters file sets '${name}', which ${this.template.file} does not declare`,
            file.at(`/parameters/${name}`),
          ),
        );
      }
    }
  }

  /** A declared parameter's value: from the parameters file, else its default, else unknown. */
  private parameter(name: string): Located | undefined {
    const declared = isRecord(this.root.parameters) ? this.root.parameters : {};
    const key = findKey(declared, name);
    if (key === undefined) return undefined;
    const cached = this.parameterValues.get(key);
    if (cached) return cached;
    const pointer = childPointer('/parameters', key);
    const supplied = this.suppliedParameter(key);
    let located: Located;
    if (supplied) located = supplied;
    else {
      const definition = declared[key];
      const defaultKey = isRecord(definition) ? findKey(definition, 'defaultValue') : undefined;
      if (defaultKey !== undefined && isRecord(definition)) {
        located = this.evaluateTree(definition[defaultKey], childPointer(pointer, defaultKey));
      } else {
        this.diagnostics.push(
          warningDiagnostic(
            'arm-parameter-missing',
            `parameter '${key}' has no value: no parameters file sets it and it has no defaultValue`,
            this.template.at(pointer),
            'pass the parameters file next to the template (same folder or same command line)',
          ),
        );
        const at = this.template.at(pointer);
        located = { value: unknownValue(`parameter '${key}' has no value`), locate: () => at };
      }
    }
    this.parameterValues.set(key, located);
    return located;
  }

  private suppliedParameter(name: string): Located | undefined {
    const file = this.parametersFile;
    if (!file || !isRecord(file.value) || !isRecord(file.value.parameters)) return undefined;
    const key = findKey(file.value.parameters, name);
    const entry = key === undefined ? undefined : file.value.parameters[key];
    if (key === undefined || !isRecord(entry)) return undefined;
    const pointer = childPointer('/parameters', key);
    if (Object.hasOwn(entry, 'value')) {
      return { value: entry.value, locate: (rest) => file.at(`${pointer}/value${rest}`) };
    }
    if (Object.hasOwn(entry, 'reference')) {
      const at = file.at(pointer);
      // A Key Vault reference: the secret is read at deployment only.
      return { value: unknownValue(`parameter '${key}' is a Key Vault reference`), locate: () => at };
    }
    return undefined;
  }

  private variable(name: string): Located | undefined {
    const declared = isRecord(this.root.variables) ? this.root.variables : {};
    const key = findKey(declared, name);
    if (key === undefined) return undefined;
    const cached = this.variableValues.get(key);
    const pointer = childPointer('/variables', key);
    if (cached === 'evaluating') {
      throw new ExpressionEvaluationError(`variable '${key}' refers to itself`, 0);
    }
    if (cached) return cached;
    this.variableValues.set(key, 'evaluating');
    const located = this.evaluateTree(declared[key], pointer);
    this.variableValues.set(key, located);
    return located;
  }

  /**
   * Evaluates every expression string in a template value found at `pointer`. Each part of the result
   * is located in the template, or, when it came from a parameter or variable, where that value is written.
   */
  evaluateTree(raw: unknown, pointer: string): Located {
    const grafts = new Map<string, Locator>();
    const walk = (value: unknown, relative: string): TemplateValue => {
      if (typeof value === 'string') {
        const kind = templateStringKind(value);
        if (kind.kind === 'literal') return kind.value;
        const result = this.evaluateString(kind.text, pointer + relative);
        grafts.set(relative, result.locate);
        return result.value;
      }
      if (Array.isArray(value)) return value.map((item, i) => walk(item, childPointer(relative, i)));
      if (isRecord(value)) {
        if (Object.hasOwn(value, 'copy') && Array.isArray(value.copy)) {
          const at = this.template.at(pointer + relative);
          grafts.set(relative, () => at);
          return unknownValue('property copy loops are not expanded');
        }
        const out: Record<string, TemplateValue> = {};
        for (const [key, item] of Object.entries(value)) {
          Object.defineProperty(out, key, {
            value: walk(item, childPointer(relative, key)),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
        return out;
      }
      return value;
    };
    const value = walk(raw, '');
    const locate: Locator = (rest) => {
      for (let p = rest; ; p = p.slice(0, p.lastIndexOf('/'))) {
        const graft = grafts.get(p);
        if (graft) return graft(rest.slice(p.length));
        if (p === '') return this.template.at(pointer + rest);
      }
    };
    return { value, locate };
  }

  /** Evaluates one `[…]` string; a bad expression is reported at the string and becomes unknown. */
  private evaluateString(text: string, pointer: string): Located {
    const at: SourceRef = this.template.at(pointer);
    const constant: Locator = () => at;
    let expression: Expression;
    try {
      expression = parseExpression(text);
    } catch (error) {
      if (!(error instanceof ExpressionSyntaxError)) throw error;
      this.diagnostics.push(
        errorDiagnostic(
          'arm-expression-syntax',
          `invalid template expression at character ${error.offset + 2} of "[${abbreviate(text)}]": ${error.message}`,
          at,
        ),
      );
      return { value: unknownValue(`invalid expression: ${error.message}`), locate: constant };
    }
    try {
      const value = evaluateExpression(expression, this.scope);
      return { value, locate: this.readLocator(expression) ?? constant };
    } catch (error) {
      if (!(error instanceof ExpressionEvaluationError)) throw error;
      this.diagnostics.push(
        errorDiagnostic(
          'arm-expression-error',
          `cannot evaluate "[${abbreviate(text)}]": ${error.message}`,
          at,
        ),
      );
      return { value: unknownValue(`expression error: ${error.message}`), locate: constant };
    }
  }

  /**
   * Where the value of `parameters('x')` or `variables('x')`, optionally followed by literal property
   * names and indexes (`parameters('net').plugin`, `variables('ranges')[0]`), is written; `undefined` for
   * any other expression (its value is located at the expression itself).
   */
  private readLocator(expression: Expression): Locator | undefined {
    const path: (string | number)[] = [];
    let node = expression;
    while (node.kind === 'property' || node.kind === 'index') {
      if (node.kind === 'property') path.unshift(node.name);
      else if (node.index.kind === 'string' || node.index.kind === 'number') path.unshift(node.index.value);
      else return undefined;
      node = node.target;
    }
    const [nameArg] = node.kind === 'call' ? node.args : [];
    if (node.kind !== 'call' || node.args.length !== 1 || nameArg?.kind !== 'string') return undefined;
    const source = /^parameters$/i.test(node.name)
      ? this.parameter(nameArg.value)
      : /^variables$/i.test(node.name)
        ? this.variable(nameArg.value)
        : undefined;
    if (source === undefined) return undefined;
    let pointer = '';
    let value = source.value;
    for (const segment of path) {
      const key =
        typeof segment === 'number' || !isRecord(value) ? segment : (findKey(value, segment) ?? segment);
      pointer = childPointer(pointer, key);
      value = Array.isArray(value) || isRecord(value) ? (value as Record<string, unknown>)[key] : undefined;
    }
    return (rest) => source.locate(pointer + rest);
  }

  /**
   * Every resource the template deploys, child resources flattened to their full type and name.
   * `resources` is an array, or an object keyed by symbolic name (language version 2.0, compiled Bicep).
   * Resources whose `condition` is false, and `existing` references, are left out.
   */
  resources(): ArmResource[] {
    const out: ArmResource[] = [];
    const visit = (raw: unknown, pointer: string, parent: { type: string; name: string } | undefined) => {
      if (!isRecord(raw)) return;
      if (raw.existing === true) return;
      if (raw.copy !== undefined) {
        this.diagnostics.push(
          warningDiagnostic(
            'arm-copy-not-expanded',
            'resource copy loops are not expanded; this resource is not analysed',
            this.template.at(pointer),
          ),
        );
        return;
      }
      // Child resources are evaluated on their own, below.
      const { resources: children, ...own } = raw;
      const located = this.evaluateTree(own, pointer);
      const resource = located.value;
      if (!isRecord(resource)) return;
      if (resource.condition === false) return;
      const type = typeof resource.type === 'string' ? resource.type : '';
      const rawName = resource.name;
      const localName = typeof rawName === 'string' ? rawName : String(raw.name ?? '');
      if (!type || isUnknown(rawName) || typeof rawName !== 'string') {
        if (type && isUnknown(rawName)) {
          this.diagnostics.push(
            warningDiagnostic(
              'arm-name-unknown',
              `the name of this ${type} is unknown at analysis time (${rawName.reason}); it is analysed under its expression`,
              this.template.at(`${pointer}/name`),
            ),
          );
        } else if (!type) return;
      }
      // A nested child's type and name are relative to its parent (`subnets` under a VNet is `vnet/subnets`).
      const fullType = parent && !type.includes('/') ? `${parent.type}/${type}` : type;
      const fullName = parent && !type.includes('/') ? `${parent.name}/${localName}` : localName;
      out.push({
        type: fullType,
        name: fullName,
        id: resourceIdOf(fullType, fullName.split('/')),
        node: sourceNode(resource, '', located.locate),
      });
      if (Array.isArray(children)) {
        children.forEach((child, i) => {
          visit(child, `${pointer}/resources/${i}`, { type: fullType, name: fullName });
        });
      }
    };
    const top = this.root.resources;
    if (Array.isArray(top)) {
      top.forEach((r, i) => {
        visit(r, `/resources/${i}`, undefined);
      });
    } else if (isRecord(top))
      for (const key of Object.keys(top)) visit(top[key], childPointer('/resources', key), undefined);
    return out;
  }
}

function abbreviate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
