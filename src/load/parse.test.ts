import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocuments } from './parse.js';

describe('parseDocuments', () => {
  it('reads every YAML document with positions by JSON pointer', () => {
    const text = 'a: 1\n---\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    app: web\n';
    const { documents, diagnostics } = parseDocuments('x.yaml', text);
    expect(diagnostics).toEqual([]);
    expect(documents.map((d) => d.value)).toEqual([
      { a: 1 },
      { kind: 'Pod', metadata: { name: 'web', labels: { app: 'web' } } },
    ]);
    expect(documents[1]?.locate('/metadata/name')).toMatchObject({ file: 'x.yaml', line: 5, column: 3 });
    expect(documents[1]?.locate('/metadata/labels/app')).toMatchObject({ line: 7, column: 5 });
    // A pointer with no node of its own falls back to its nearest ancestor.
    expect(documents[1]?.locate('/metadata/labels/missing')).toMatchObject({ line: 6, column: 3 });
  });

  it('reads JSON with positions', () => {
    const { documents } = parseDocuments('x.json', '{\n  "kind": "Pod",\n  "spec": {"hostNetwork": true}\n}');
    expect(documents[0]?.value).toEqual({ kind: 'Pod', spec: { hostNetwork: true } });
    expect(documents[0]?.locate('/spec/hostNetwork')).toMatchObject({ line: 3, column: 12 });
  });

  it('keeps good documents when one is malformed, and positions the error', () => {
    const text = 'a: 1\n---\nb: [1, 2\n---\nc: 3\n';
    const { documents, diagnostics } = parseDocuments('x.yaml', text);
    expect(documents.map((d) => d.value)).toEqual([{ a: 1 }, { c: 3 }]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      severity: 'error',
      code: 'yaml-syntax',
      source: { file: 'x.yaml', line: 4 },
    });
  });

  it('refuses a YAML alias bomb without expanding it', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(96 + i);
      const next = String.fromCharCode(97 + i);
      lines.push(`${next}: &${next} [${Array(10).fill(`*${prev}`).join(',')}]`);
    }
    const { documents, diagnostics } = parseDocuments('bomb.yaml', `${lines.join('\n')}\n---\nok: true\n`);
    expect(diagnostics.map((d) => d.code)).toEqual(['yaml-alias-bomb']);
    expect(documents.map((d) => d.value)).toEqual([{ ok: true }]);
  });

  it('refuses a document nested too deeply', () => {
    const deep = `${'['.repeat(400)}${']'.repeat(400)}`;
    const { documents, diagnostics } = parseDocuments('deep.json', deep, {
      maxDepth: 256,
      maxNodes: 1_000_000,
      maxAliasNodes: 1000,
    });
    expect(documents).toEqual([]);
    expect(diagnostics[0]?.code).toBe('document-too-deep');
  });

  it('reports duplicate keys as the API server would refuse them', () => {
    const { diagnostics } = parseDocuments('dup.yaml', 'a: 1\na: 2\n');
    expect(diagnostics[0]).toMatchObject({ code: 'yaml-syntax', source: { line: 2 } });
  });

  it('does not let a __proto__ key pollute prototypes', () => {
    const { documents } = parseDocuments('p.json', '{"__proto__": {"polluted": true}}');
    const value = documents[0]?.value as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('round-trips any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const { documents, diagnostics } = parseDocuments('p.json', JSON.stringify(value));
        expect(diagnostics).toEqual([]);
        // -0 becomes 0 in JSON text.
        expect(documents[0]?.value ?? null).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});
