// ARM templates (and compiled Bicep) with their parameters file: expressions evaluated, resources flattened, clusters read.
import type { Cluster } from '../../model/cluster.js';
import { isUnknown, sameResourceId } from '../../model/cluster.js';
import { type Diagnostic, errorDiagnostic, warningDiagnostic } from '../../model/diagnostic.js';
import { isRecord } from '../../model/json.js';
import { childPointer, type SourceRef } from '../../model/source.js';
import type { InputDocument } from '../detect.js';
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
import { readArmDiagnosticSetting } from './diagnostic-settings.js';
import { FieldReader } from './fields.js';
import { type ChildAgentPool, poolWithoutClusterDiagnostic, readManagedCluster } from './managed-cluster.js';
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
/** The resource types the model reads (and nested deployments, which may hold them). */
const READ_TYPES =
  /^microsoft\.(containerservice\/managedclusters(\/agentpools|\/providers\/diagnosticsettings)?|network\/(virtualnetworks(\/subnets)?|routetables(\/routes)?|azurefirewalls|firewallpolicies(\/rulecollectiongroups)?)|insights\/diagnosticsettings|resources\/deployments)$/i;
/** ARM refuses copy loops of more than 800 iterations. */
const MAX_COPY_COUNT = 800;

/**
 * Reads the managed clusters of an ARM template. Parameters take their value from `parameters` (the
 * parameters file), else their `defaultValue`; one with neither is unknown. Expressions are evaluated;
 * what only the deployment can tell (`resourceGroup().location`, `reference(…)`, `uniqueString(…)`) is unknown.
 */
export function readArmTemplate(template: InputDocument, parameters?: InputDocument): TemplateClusters {
  const diagnostics: Diagnostic[] = [];
  const fileParameters =
    parameters && isRecord(parameters.value)
      ? { value: parameters.value.parameters, locate: (rest: string) => parameters.at(`/parameters${rest}`) }
      : undefined;
  const evaluation = new TemplateEvaluation(template, template.value, '', fileParameters, diagnostics);
  const resources = evaluation.resources();
  const clusters: Cluster[] = [];
  const managedClusters = resources.filter((r) => r.type.toLowerCase() === MANAGED_CLUSTER);
  const isPoolOf = (pool: ArmResource, cluster: ArmResource) =>
    pool.type.toLowerCase() === AGENT_POOL &&
    pool.name.toLowerCase().startsWith(`${cluster.name.toLowerCase()}/`);
  for (const pool of resources.filter((r) => r.type.toLowerCase() === AGENT_POOL)) {
    if (!managedClusters.some((cluster) => isPoolOf(pool, cluster)))
      diagnostics.push(poolWithoutClusterDiagnostic(pool.name, pool.node.ref));
  }
  for (const cluster of managedClusters) {
    const reader = new FieldReader();
    const childPools: ChildAgentPool[] = resources
      .filter((r) => isPoolOf(r, cluster))
      .map((pool) => ({
        name: pool.name.slice(cluster.name.length + 1),
        resource: pool.node,
        properties: pool.node.child('properties'),
      }));
    const fields = readManagedCluster(reader, cluster.node, cluster.node.child('properties'), childPools);
    const network = readArmNetwork(reader, resources);
    const clusterCount = managedClusters.length;
    const diagnosticSettings = resources
      .flatMap((r) => {
        const name = settingNameFor(r, cluster.name, clusterCount === 1);
        return name === undefined ? [] : [{ name, node: r.node }];
      })
      .map((setting, i) =>
        readArmDiagnosticSetting(reader, `diagnosticSettings/${i}`, setting.name, setting.node),
      );
    diagnostics.push(...reader.diagnostics);
    clusters.push(
      assembleCluster(
        {
          name: cluster.name,
          format: 'arm-template',
          file: template.file,
          ...fields,
          ...network,
          diagnosticSettings,
        },
        cluster.node.ref,
        reader.positions,
      ),
    );
  }
  return { clusters, diagnostics };
}

/** Whether a resource type starts with its provider namespace (`Microsoft.Network/…`), not relative to a parent. */
function hasNamespace(type: string): boolean {
  return /^[^/]+\.[^/]+\//.test(type);
}

/**
 * The name of a diagnostic setting `resource` puts on cluster `clusterName`, or `undefined` when it is
 * not one: a `Microsoft.Insights/diagnosticSettings` whose `scope` names the cluster (`scope: aks` in
 * Bicep compiles to `Microsoft.ContainerService/managedClusters/NAME`; a resource id also names it), or
 * the older `managedClusters/providers/diagnosticSettings` named `NAME/Microsoft.Insights/SETTING`. A
 * scope unknown at analysis time is taken to name the template's only cluster.
 */
function settingNameFor(
  resource: ArmResource,
  clusterName: string,
  onlyCluster: boolean,
): string | undefined {
  const type = resource.type.toLowerCase();
  if (type === `${MANAGED_CLUSTER}/providers/diagnosticsettings`) {
    const [owner, , setting] = resource.name.split('/');
    return owner?.toLowerCase() === clusterName.toLowerCase() ? (setting ?? resource.name) : undefined;
  }
  if (type !== 'microsoft.insights/diagnosticsettings') return undefined;
  const scope = resource.node.child('scope')?.value;
  if (isUnknown(scope)) return onlyCluster ? resource.name : undefined;
  if (typeof scope !== 'string') return undefined;
  const suffix = `${MANAGED_CLUSTER}/${clusterName}`.toLowerCase();
  return scope.toLowerCase().replace(/\/+$/, '').endsWith(suffix) ? resource.name : undefined;
}

/**
 * One template's evaluation: its parameters, variables (evaluated once, on first use) and resources.
 * A nested deployment's inline template is a template of its own, at `rootPointer` in the same file.
 */
class TemplateEvaluation {
  private readonly root: Record<string, unknown>;
  private readonly parameterValues = new Map<string, Located | 'evaluating'>();
  private readonly variableValues = new Map<string, Located | 'evaluating'>();
  private readonly scope: EvaluationScope;
  /** The copy loops being expanded, outermost first. */
  private readonly loops: { readonly name: string; readonly index: number; readonly resource: boolean }[] =
    [];
  private variableCopies: Located | undefined;
  private readonly nestedDeployments = new Map<
    string,
    { deployment: Located; inner: TemplateEvaluation | undefined }
  >();
  /** Nested deployments whose outputs are being evaluated (a deployment cannot refer to itself). */
  private readonly resolving = new Set<string>();

  /**
   * @param supplied the parameter values given to the template: a parameters file's `parameters`, or a
   *   nested deployment's `properties.parameters` (both `{name: {value} | {reference}}`).
   */
  constructor(
    private readonly template: InputDocument,
    root: unknown,
    private readonly rootPointer: string,
    private readonly supplied: Located | undefined,
    private readonly diagnostics: Diagnostic[],
  ) {
    this.root = isRecord(root) ? root : {};
    this.scope = {
      parameter: (name) => this.parameter(name)?.value,
      variable: (name) => this.variable(name)?.value,
      reference: (target) => this.reference(target),
      copyIndex: (loop) =>
        this.loops.findLast((l) =>
          loop === undefined ? l.resource : l.name.toLowerCase() === loop.toLowerCase(),
        )?.index,
    };
    this.checkSuppliedParameters();
  }

  /** Where a pointer of this template (relative to its root) is in the file. */
  private at(pointer: string): SourceRef {
    return this.template.at(this.rootPointer + pointer);
  }

  private checkSuppliedParameters(): void {
    const supplied = this.supplied;
    if (!supplied || !isRecord(supplied.value)) return;
    const declared = isRecord(this.root.parameters) ? this.root.parameters : {};
    for (const name of Object.keys(supplied.value)) {
      if (findKey(declared, name) === undefined) {
        this.diagnostics.push(
          warningDiagnostic(
            'arm-parameter-undeclared',
            `parameter '${name}' is given a value, but the template does not declare it`,
            supplied.locate(childPointer('', name)),
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
    if (cached === 'evaluating') {
      throw new ExpressionEvaluationError(`parameter '${key}' refers to itself in its defaultValue`, 0);
    }
    if (cached) return cached;
    const pointer = childPointer('/parameters', key);
    const supplied = this.suppliedParameter(key);
    this.parameterValues.set(key, 'evaluating');
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
            this.at(pointer),
            'pass the parameters file next to the template (same folder or same command line)',
          ),
        );
        const at = this.at(pointer);
        located = { value: unknownValue(`parameter '${key}' has no value`), locate: () => at };
      }
    }
    this.parameterValues.set(key, located);
    return located;
  }

  private suppliedParameter(name: string): Located | undefined {
    const supplied = this.supplied;
    if (!supplied || !isRecord(supplied.value)) return undefined;
    const key = findKey(supplied.value, name);
    const entry = key === undefined ? undefined : supplied.value[key];
    if (key === undefined || !isRecord(entry)) return undefined;
    const pointer = childPointer('', key);
    if (Object.hasOwn(entry, 'value')) {
      return { value: entry.value, locate: (rest) => supplied.locate(`${pointer}/value${rest}`) };
    }
    if (Object.hasOwn(entry, 'reference')) {
      const at = supplied.locate(pointer);
      // A Key Vault reference: the secret is read at deployment only.
      return { value: unknownValue(`parameter '${key}' is a Key Vault reference`), locate: () => at };
    }
    return undefined;
  }

  private variable(name: string): Located | undefined {
    const declared = isRecord(this.root.variables) ? this.root.variables : {};
    const key = findKey(declared, name);
    if (key === undefined) return this.copiedVariable(declared, name);
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

  /** A variable defined by a `copy` loop in `variables` (`"copy": [{"name", "count", "input"}]`). */
  private copiedVariable(declared: Record<string, unknown>, name: string): Located | undefined {
    if (!Array.isArray(declared.copy)) return undefined;
    this.variableCopies ??= this.evaluateTree({ copy: declared.copy }, '/variables');
    const copies = this.variableCopies;
    if (!isRecord(copies.value)) return undefined;
    const key = findKey(copies.value, name);
    return key === undefined
      ? undefined
      : { value: copies.value[key], locate: (rest) => copies.locate(`/${key}${rest}`) };
  }

  /** Runs `evaluate` inside one iteration of a copy loop, so `copyIndex()` answers. */
  private inLoop<T>(name: string, index: number, resource: boolean, evaluate: () => T): T {
    this.loops.push({ name, index, resource });
    try {
      return evaluate();
    } finally {
      this.loops.pop();
    }
  }

  /** The iteration count of a copy loop: a whole number from 0 to 800 (ARM's limit), else a diagnostic. */
  private copyCount(count: unknown, pointer: string): number | undefined {
    const value = typeof count === 'string' ? this.evaluateTree(count, pointer).value : count;
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_COPY_COUNT)
      return value;
    this.diagnostics.push(
      warningDiagnostic(
        'arm-copy-not-expanded',
        isUnknown(value)
          ? `the copy count is unknown at analysis time (${value.reason}); the loop is not analysed`
          : `the copy count must be a whole number from 0 to ${MAX_COPY_COUNT}; the loop is not analysed`,
        this.at(pointer),
      ),
    );
    return undefined;
  }

  /**
   * Evaluates every expression string in a template value found at `pointer`. Each part of the result
   * is located in the template, or, when it came from a parameter or variable, where that value is written.
   */
  evaluateTree(raw: unknown, pointer: string): Located {
    const grafts = new Map<string, Locator>();
    // `source` is where a part is written (relative to `pointer`), `target` where it lands in the value:
    // they differ inside an expanded copy loop.
    const walk = (value: unknown, source: string, target: string): TemplateValue => {
      if (typeof value === 'string') {
        const kind = templateStringKind(value);
        if (kind.kind === 'literal') return kind.value;
        const result = this.evaluateString(kind.text, pointer + source);
        grafts.set(target, result.locate);
        return result.value;
      }
      if (Array.isArray(value))
        return value.map((item, i) => walk(item, childPointer(source, i), childPointer(target, i)));
      if (!isRecord(value)) return value;
      const out: Record<string, TemplateValue> = {};
      const define = (key: string, item: TemplateValue) =>
        Object.defineProperty(out, key, {
          value: item,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      for (const [key, item] of Object.entries(value)) {
        if (key === 'copy' && Array.isArray(item)) continue;
        define(key, walk(item, childPointer(source, key), childPointer(target, key)));
      }
      // A property copy loop: `"copy": [{"name": "subnets", "count": 3, "input": {…}}]` makes `subnets` an array.
      const copies = Array.isArray(value.copy) ? value.copy : [];
      copies.forEach((spec, j) => {
        const specPointer = `${source}/copy/${j}`;
        if (!isRecord(spec) || typeof spec.name !== 'string') return;
        const loop = spec.name;
        const count = this.copyCount(spec.count, `${pointer}${specPointer}/count`);
        const itemsTarget = childPointer(target, loop);
        if (count === undefined) {
          const at = this.at(pointer + specPointer);
          grafts.set(itemsTarget, () => at);
          define(loop, unknownValue('the copy count is unknown at analysis time'));
          return;
        }
        const inputPointer = `${pointer}${specPointer}/input`;
        define(
          loop,
          Array.from({ length: count }, (_, i) => {
            const itemTarget = childPointer(itemsTarget, i);
            grafts.set(itemTarget, (rest) => this.at(inputPointer + rest));
            return this.inLoop(loop, i, false, () => walk(spec.input, `${specPointer}/input`, itemTarget));
          }),
        );
      });
      return out;
    };
    const value = walk(raw, '', '');
    const locate: Locator = (rest) => {
      for (let p = rest; ; p = p.slice(0, p.lastIndexOf('/'))) {
        const graft = grafts.get(p);
        if (graft) return graft(rest.slice(p.length));
        if (p === '') return this.at(pointer + rest);
      }
    };
    return { value, locate };
  }

  /** Evaluates one `[…]` string; a bad expression is reported at the string and becomes unknown. */
  private evaluateString(text: string, pointer: string): Located {
    const at: SourceRef = this.at(pointer);
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
      // The template parses, but deployment would fail here: the value is unknown and the rest is still read.
      this.diagnostics.push(
        warningDiagnostic(
          'arm-expression-error',
          `cannot evaluate "[${abbreviate(text)}]": ${error.message}`,
          at,
          'Azure Resource Manager would reject this expression at deployment; the value is treated as unknown',
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
      // Only what the model reads is evaluated, so a problem in an unrelated resource does not get in the way.
      const declaredType = typeof raw.type === 'string' ? raw.type : '';
      const fullDeclaredType =
        parent && !hasNamespace(declaredType) ? `${parent.type}/${declaredType}` : declaredType;
      const typeIsLiteral = templateStringKind(declaredType).kind === 'literal';
      if (declaredType && typeIsLiteral && !READ_TYPES.test(fullDeclaredType)) return;
      // Child resources are evaluated on their own, below; a resource copy loop deploys one resource per iteration.
      const { resources: children, copy, ...own } = raw;
      if (isRecord(copy)) {
        const count = this.copyCount(copy.count, `${pointer}/copy/count`);
        const loop = typeof copy.name === 'string' ? copy.name : '';
        for (let i = 0; i < (count ?? 0); i++)
          this.inLoop(loop, i, true, () => visitOne(raw, own, children, pointer, parent));
        return;
      }
      visitOne(raw, own, children, pointer, parent);
    };
    const visitOne = (
      raw: Record<string, unknown>,
      own: Record<string, unknown>,
      children: unknown,
      pointer: string,
      parent: { type: string; name: string } | undefined,
    ) => {
      // A nested deployment's inline template is evaluated in its own scope (or the parent's), not as properties.
      const nested = nestedTemplate(raw);
      const evaluated = nested ? this.nestedDeployment(own, nested, pointer) : undefined;
      const located = evaluated?.deployment ?? this.evaluateTree(own, pointer);
      const resource = located.value;
      if (!isRecord(resource)) return;
      if (resource.condition === false) return;
      if (nested) {
        // Inner scope: the template's own resources; outer scope: its resources read in this template's scope.
        if (evaluated?.inner) out.push(...evaluated.inner.resources());
        else {
          eachResource(nested.template.resources, `${pointer}/properties/template/resources`, (r, p) =>
            visit(r, p, undefined),
          );
        }
        return;
      }
      if (
        /^microsoft\.resources\/deployments$/i.test(String(resource.type)) &&
        isRecord(own.properties) &&
        own.properties.templateLink
      ) {
        this.diagnostics.push(
          warningDiagnostic(
            'arm-linked-template',
            'linked templates are not read: pass the linked template itself to analyse its resources',
            this.at(`${pointer}/properties/templateLink`),
          ),
        );
        return;
      }
      const type = typeof resource.type === 'string' ? resource.type : '';
      if (!type) return;
      const evaluatedName = resource.name;
      let localName: string;
      if (typeof evaluatedName === 'string') localName = evaluatedName;
      else if (raw.name === undefined) {
        this.diagnostics.push(
          warningDiagnostic(
            'arm-name-missing',
            `this ${type} has no name, which Azure Resource Manager requires; it is analysed without one`,
            this.at(pointer),
          ),
        );
        localName = '';
      } else {
        // Analysed under the name as written (the expression), so it can still be told apart and found.
        this.diagnostics.push(
          warningDiagnostic(
            'arm-name-unknown',
            `the name of this ${type} is unknown at analysis time${isUnknown(evaluatedName) ? ` (${evaluatedName.reason})` : ''}; it is analysed under its expression`,
            this.at(`${pointer}/name`),
          ),
        );
        localName = String(raw.name ?? '');
      }
      // A nested child's type and name are relative to its parent (`subnets` under a VNet is `vnet/subnets`;
      // `providers/diagnosticSettings` under a cluster, an extension resource, is relative too).
      const relative = parent !== undefined && !hasNamespace(type);
      const fullType = relative ? `${parent.type}/${type}` : type;
      const fullName = relative ? `${parent.name}/${localName}` : localName;
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
    eachResource(this.root.resources, '/resources', (r, pointer) => visit(r, pointer, undefined));
    return out;
  }

  /**
   * A nested deployment (`Microsoft.Resources/deployments` with an inline `template`, as compiled Bicep
   * modules are), evaluated once (outside copy loops) whether `resources()` or `reference()` asks first.
   * With `expressionEvaluationOptions.scope: inner` its template is evaluated on its own, with the
   * deployment's `parameters` (evaluated here); otherwise it sees this template's parameters and variables.
   */
  private nestedDeployment(
    own: Record<string, unknown>,
    nested: NestedTemplate,
    pointer: string,
  ): { readonly deployment: Located; readonly inner: TemplateEvaluation | undefined } {
    const cacheable = this.loops.length === 0;
    const cached = cacheable ? this.nestedDeployments.get(pointer) : undefined;
    if (cached) return cached;
    const deployment = this.evaluateTree(withoutInlineTemplate(own), pointer);
    let inner: TemplateEvaluation | undefined;
    if (nested.innerScope) {
      const properties = isRecord(deployment.value) ? deployment.value.properties : undefined;
      const supplied = {
        value: isRecord(properties) ? properties.parameters : undefined,
        locate: (rest: string) => deployment.locate(`/properties/parameters${rest}`),
      };
      const templatePointer = `${this.rootPointer}${pointer}/properties/template`;
      inner = new TemplateEvaluation(
        this.template,
        nested.template,
        templatePointer,
        supplied,
        this.diagnostics,
      );
    }
    const result = { deployment, inner };
    if (cacheable) this.nestedDeployments.set(pointer, result);
    return result;
  }

  /**
   * `reference(name)` of a nested deployment of this template (by symbolic name, deployment name or
   * id): `{outputs: {NAME: {type, value}}}` with the outputs of its inline template evaluated. Anything
   * else is `undefined` (the expression is then unknown).
   */
  private reference(target: unknown): TemplateValue | undefined {
    if (typeof target !== 'string') return undefined;
    let found: TemplateValue | undefined;
    eachResource(this.root.resources, '/resources', (raw, pointer) => {
      if (found !== undefined || !isRecord(raw) || raw.copy !== undefined || this.resolving.has(pointer))
        return;
      const nested = nestedTemplate(raw);
      if (!nested) return;
      const symbolic = pointer.slice('/resources/'.length);
      this.resolving.add(pointer);
      try {
        const { resources: _children, ...own } = raw;
        const { deployment, inner } = this.nestedDeployment(own, nested, pointer);
        const name = isRecord(deployment.value) ? deployment.value.name : undefined;
        const matches =
          (isRecord(this.root.resources) && symbolic.toLowerCase() === target.toLowerCase()) ||
          (typeof name === 'string' &&
            (name.toLowerCase() === target.toLowerCase() ||
              sameResourceId(resourceIdOf('Microsoft.Resources/deployments', [name]), target)));
        if (!matches) return;
        const outputs: Record<string, TemplateValue> = {};
        const declared = isRecord(nested.template.outputs) ? nested.template.outputs : {};
        for (const [key, output] of Object.entries(declared)) {
          if (!isRecord(output)) continue;
          const outputPointer = `/outputs/${key}/value`;
          const value = inner
            ? inner.evaluateTree(output.value, outputPointer).value
            : this.evaluateTree(output.value, `${pointer}/properties/template${outputPointer}`).value;
          Object.defineProperty(outputs, key, {
            value: { type: output.type, value },
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
        found = { outputs };
      } finally {
        this.resolving.delete(pointer);
      }
    });
    return found;
  }
}

/** A deployment's inline template and whether its expressions are evaluated in its own scope. */
interface NestedTemplate {
  readonly template: Record<string, unknown>;
  readonly innerScope: boolean;
}

function nestedTemplate(raw: Record<string, unknown>): NestedTemplate | undefined {
  if (typeof raw.type !== 'string' || !/^microsoft\.resources\/deployments$/i.test(raw.type))
    return undefined;
  const properties = isRecord(raw.properties) ? raw.properties : undefined;
  if (!properties || !isRecord(properties.template)) return undefined;
  const options = isRecord(properties.expressionEvaluationOptions)
    ? properties.expressionEvaluationOptions
    : {};
  return { template: properties.template, innerScope: String(options.scope ?? '').toLowerCase() === 'inner' };
}

function withoutInlineTemplate(resource: Record<string, unknown>): Record<string, unknown> {
  const { template: _inline, ...properties } = resource.properties as Record<string, unknown>;
  return { ...resource, properties };
}

/** Calls `visit` for each resource of a `resources` array, or object keyed by symbolic name (language version 2.0). */
function eachResource(
  resources: unknown,
  pointer: string,
  visit: (raw: unknown, pointer: string) => void,
): void {
  if (Array.isArray(resources)) {
    resources.forEach((r, i) => {
      visit(r, `${pointer}/${i}`);
    });
  } else if (isRecord(resources)) {
    for (const key of Object.keys(resources)) visit(resources[key], childPointer(pointer, key));
  }
}

function abbreviate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
