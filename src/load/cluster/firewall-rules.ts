// Shared by the ARM and Terraform firewall readers: collects rules and notes what is unknown.
import { type FirewallRule, isUnknown } from '../../model/cluster.js';
import type { FieldReader } from './fields.js';
import type { SourceNode } from './source-node.js';

/**
 * Collects one firewall's rules. Reading an unknown value (a rule list or field the definition leaves
 * to deployment) records why, for `Firewall.rulesUnknown`, instead of silently dropping it.
 */
export class FirewallRuleCollector {
  readonly rules: FirewallRule[] = [];
  unknownReason: string | undefined;

  constructor(
    protected readonly reader: FieldReader,
    private readonly path: string,
  ) {}

  /** Records that some rules cannot be known, keeping the first reason. */
  markUnknown(reason: string): void {
    this.unknownReason ??= reason;
  }

  /** Adds a rule read from `node` (its position becomes `firewalls/N/rules/M`). */
  protected push(rule: FirewallRule, node: SourceNode): void {
    this.reader.note(`${this.path}/rules/${this.rules.length}`, node);
    this.rules.push(rule);
  }

  /** Whether `node` is unknown (and, if so, records it). */
  protected unknownIn(node: SourceNode | undefined): boolean {
    if (node === undefined || !isUnknown(node.value)) return false;
    this.markUnknown(node.value.reason);
    return true;
  }

  protected itemsOf(node: SourceNode | undefined): SourceNode[] {
    return this.unknownIn(node) ? [] : (node?.items() ?? []);
  }

  protected text(node: SourceNode | undefined): string | undefined {
    if (node === undefined || this.unknownIn(node)) return undefined;
    return typeof node.value === 'string' || typeof node.value === 'number' ? String(node.value) : undefined;
  }

  protected textList(node: SourceNode | undefined): string[] {
    return this.itemsOf(node).flatMap((item) => {
      const value = this.text(item);
      return value === undefined ? [] : [value];
    });
  }

  /** Application rule protocols as `Type:port` (`Https:443`), from `{<typeKey>, port}` objects. */
  protected protocolPorts(node: SourceNode | undefined, typeKey: string): string[] {
    return this.itemsOf(node).flatMap((protocol) => {
      const type = this.text(protocol.child(typeKey));
      const port = this.text(protocol.child('port'));
      return type === undefined ? [] : [port === undefined ? type : `${type}:${port}`];
    });
  }
}
