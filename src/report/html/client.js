// The report page's behaviour. Every value from the data goes into the page as text (textContent, never
// innerHTML), so no finding, label or file name can become markup. The graph uses the inlined Cytoscape.js; the
// matrix is drawn on a canvas so that thousands of endpoints cost one element, not one per cell.
(() => {
  const data = JSON.parse(document.getElementById('report-data').textContent);
  const MAX_LISTED = 100;

  /** Creates an element; `props` sets properties (className, title, …), children are nodes or text. */
  function h(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props ?? {})) {
      if (key === 'dataset') Object.assign(node.dataset, value);
      else if (key.startsWith('aria-')) node.setAttribute(key, value);
      else node[key] = value;
    }
    for (const child of children.flat(Number.POSITIVE_INFINITY)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function sectionBody(id) {
    return document.querySelector(`#${id} .section-body`);
  }

  function unavailable(section) {
    return section !== null && typeof section === 'object' && 'unavailable' in section;
  }

  function showUnavailable(body, section) {
    body.append(h('p', { className: 'unavailable' }, section.unavailable));
  }

  function severityBadge(severity) {
    return h('span', { className: `badge sev-${severity}` }, severity);
  }

  function plural(count, noun) {
    return `${count} ${noun}${count === 1 ? '' : 's'}`;
  }

  /** Appends up to MAX_LISTED items and says how many more there were. */
  function cappedList(items, render) {
    const list = h('ul');
    for (const item of items.slice(0, MAX_LISTED)) list.append(h('li', null, render(item)));
    if (items.length > MAX_LISTED) list.append(h('li', null, `… and ${items.length - MAX_LISTED} more`));
    return list;
  }

  // ---- meta and summary ----

  function renderMeta() {
    const { tool, version, generatedAt, inputs } = data.meta;
    document.getElementById('meta-line').textContent =
      `${tool} ${version} · generated ${generatedAt} · ${plural(inputs.length, 'input file')}`;
  }

  function renderSummary() {
    const body = sectionBody('summary');
    const { bySeverity, headlines } = data.summary;
    if (unavailable(data.findings))
      body.append(h('p', { className: 'unavailable' }, data.findings.unavailable));
    else if (bySeverity.length === 0) body.append(h('p', null, 'No findings.'));
    else
      body.append(
        h(
          'p',
          { className: 'counts' },
          bySeverity.map((s) =>
            h('span', { className: `badge sev-${s.severity}` }, `${s.count} ${s.severity}`),
          ),
        ),
      );
    if (headlines.length > 0)
      body.append(
        h(
          'ul',
          { className: 'headlines' },
          headlines.map((line) => h('li', null, line)),
        ),
      );
    if (!unavailable(data.plan)) {
      const { problems, recommendation } = data.plan;
      body.append(
        h(
          'p',
          null,
          `Network plan: ${plural(problems.length, 'problem')}` +
            (recommendation ? `; recommended plugin ${recommendation.plugin}` : ''),
        ),
      );
    }
    if (!unavailable(data.graph)) {
      const workloads = data.graph.nodes.filter((n) => n.namespace !== undefined).length;
      const external = data.graph.nodes.length - workloads;
      body.append(
        h(
          'p',
          null,
          `${plural(workloads, 'workload')} in ${plural(data.graph.namespaces.length, 'namespace')}, ` +
            `${plural(external, 'external peer')}, ${plural(data.graph.edges.length, 'allowed flow')}` +
            (data.graph.edgeLevel === 'namespace' ? ' (per namespace pair)' : ''),
        ),
      );
    }
    const { warnings } = data.summary;
    if (warnings.length > 0)
      body.append(
        h(
          'details',
          { id: 'input-warnings' },
          h('summary', null, `Input warnings (${warnings.length})`),
          cappedList(warnings, (w) => [
            w.message,
            w.location ? h('span', { className: 'mono' }, ` (${w.location})`) : '',
          ]),
        ),
      );
    body.append(
      h(
        'details',
        null,
        h('summary', null, `Scanned inputs (${data.meta.inputs.length})`),
        h(
          'ul',
          { className: 'mono' },
          data.meta.inputs.map((file) => h('li', null, file)),
        ),
      ),
    );
  }

  // ---- findings ----

  function renderFindings() {
    const body = sectionBody('findings');
    if (unavailable(data.findings)) return showUnavailable(body, data.findings);
    const findings = data.findings;
    if (findings.length === 0) return body.append(h('p', null, 'No findings.'));
    const severityRank = new Map(data.summary.bySeverity.map((s, i) => [s.severity, i]));
    const rows = findings.map((finding, index) => ({
      finding,
      index,
      row: findingRow(finding),
      detail: null,
    }));

    const shownSeverities = new Set(data.summary.bySeverity.map((s) => s.severity));
    const severityBoxes = data.summary.bySeverity.map((s) => {
      const box = h('input', { type: 'checkbox', checked: true, value: s.severity, name: 'severity' });
      box.addEventListener('change', () => {
        if (box.checked) shownSeverities.add(s.severity);
        else shownSeverities.delete(s.severity);
        applyFilters();
      });
      return h('label', null, box, ' ', severityBadge(s.severity), ` ${s.count}`);
    });
    const categories = [...new Set(findings.map((f) => f.category))].sort();
    const categorySelect = h(
      'select',
      { name: 'category', 'aria-label': 'category' },
      h('option', { value: '' }, 'all categories'),
      categories.map((c) => h('option', { value: c }, c)),
    );
    categorySelect.addEventListener('change', applyFilters);
    const textFilter = h('input', {
      type: 'search',
      name: 'resource',
      placeholder: 'resource, rule or file contains…',
      'aria-label': 'resource filter',
    });
    textFilter.addEventListener('input', applyFilters);
    const shownCount = h('span', { id: 'findings-shown' });

    const columns = [
      { label: 'Severity', key: (r) => severityRank.get(r.finding.severity) ?? 99 },
      { label: 'Rule', key: (r) => r.finding.ruleId },
      { label: 'Message', key: (r) => r.finding.message },
      { label: 'Resource', key: (r) => resourceText(r.finding) },
      { label: 'Location', key: (r) => [r.finding.file, r.finding.line] },
    ];
    const tbody = h('tbody');
    let sort = { column: 0, direction: 1 };
    const headers = columns.map((column, i) => {
      const th = h('th', { className: 'sortable', scope: 'col', 'aria-sort': 'none' }, column.label);
      th.addEventListener('click', () => {
        sort = { column: i, direction: sort.column === i ? -sort.direction : 1 };
        applySort();
      });
      return th;
    });
    const table = h('table', { id: 'findings-table' }, h('thead', null, h('tr', null, headers)), tbody);
    body.append(
      h('div', { className: 'toolbar' }, severityBoxes, categorySelect, textFilter, shownCount),
      table,
    );
    applySort();
    applyFilters();

    function findingRow(finding) {
      const row = h(
        'tr',
        { className: 'finding', tabIndex: 0, 'aria-expanded': 'false' },
        h('td', null, severityBadge(finding.severity)),
        h('td', { className: 'mono' }, finding.ruleId),
        h('td', null, h('strong', null, finding.title), h('br'), finding.message),
        h('td', null, resourceText(finding)),
        h('td', { className: 'mono' }, `${finding.file}:${finding.line}`),
      );
      return row;
    }

    function detailRow(finding) {
      return h(
        'tr',
        { className: 'finding-detail' },
        h(
          'td',
          { colSpan: columns.length },
          h('h4', null, 'Why'),
          h('p', { className: 'explanation' }, finding.rationale || 'No rationale recorded for this rule.'),
          h('h4', null, 'Fix'),
          finding.fixes.length === 0
            ? h('p', null, 'No fix recorded for this rule.')
            : finding.fixes.map((fix) => [h('h5', null, fix.how), h('pre', null, fix.text)]),
          h('p', null, 'At ', h('span', { className: 'mono' }, `${finding.file}:${finding.line}`)),
        ),
      );
    }

    for (const entry of rows) {
      const toggle = () => {
        if (!entry.detail) entry.detail = detailRow(entry.finding);
        const open = entry.row.getAttribute('aria-expanded') === 'true';
        entry.row.setAttribute('aria-expanded', String(!open));
        if (open) entry.detail.remove();
        else entry.row.after(entry.detail);
      };
      entry.row.addEventListener('click', toggle);
      entry.row.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          toggle();
        }
      });
    }

    function applySort() {
      const key = columns[sort.column].key;
      const sorted = [...rows].sort((a, b) => compare(key(a), key(b)) * sort.direction || a.index - b.index);
      headers.forEach((th, i) => {
        th.setAttribute(
          'aria-sort',
          i === sort.column ? (sort.direction > 0 ? 'ascending' : 'descending') : 'none',
        );
      });
      for (const entry of sorted) {
        tbody.append(entry.row);
        if (entry.row.getAttribute('aria-expanded') === 'true') tbody.append(entry.detail);
      }
    }

    function applyFilters() {
      const category = categorySelect.value;
      const text = textFilter.value.trim().toLowerCase();
      let shown = 0;
      for (const entry of rows) {
        const f = entry.finding;
        const visible =
          shownSeverities.has(f.severity) &&
          (category === '' || f.category === category) &&
          (text === '' || `${resourceText(f)} ${f.ruleId} ${f.file}`.toLowerCase().includes(text));
        entry.row.hidden = !visible;
        if (entry.detail) entry.detail.hidden = !visible;
        if (visible) shown += 1;
      }
      shownCount.textContent = `showing ${shown} of ${rows.length}`;
    }
  }

  function resourceText(finding) {
    const r = finding.resource;
    return `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
  }

  function compare(a, b) {
    if (Array.isArray(a)) return compare(a[0], b[0]) || compare(a[1], b[1]);
    if (typeof a === 'number') return a - b;
    return String(a).localeCompare(String(b));
  }

  // ---- plan ----

  function renderPlan() {
    const body = sectionBody('plan');
    const plan = data.plan;
    if (unavailable(plan)) return showUnavailable(body, plan);
    const recommended = plan.recommendation?.plugin;
    if (plan.recommendation)
      body.append(
        h('p', null, 'Recommended plugin: ', h('strong', { className: 'mono' }, plan.recommendation.plugin)),
        h(
          'ul',
          null,
          plan.recommendation.reasons.map((reason) => h('li', null, reason)),
        ),
      );
    const header = ['Plugin', 'Subnet role', 'Required IPs', 'Minimum prefix', 'CIDR', 'Fits', 'Limits'];
    const tbody = h('tbody');
    for (const option of plan.options) {
      const subnets = option.subnets.length > 0 ? option.subnets : [null];
      subnets.forEach((subnet, i) => {
        const row = h('tr', { className: option.plugin === recommended ? 'recommended' : '' });
        // The plugin and its limits span the plugin's subnet rows.
        if (i === 0) row.append(h('td', { className: 'mono', rowSpan: subnets.length }, option.plugin));
        if (subnet === null) row.append(h('td', { colSpan: 5 }, 'no subnet to size'));
        else
          row.append(
            h('td', null, subnet.role),
            h('td', null, String(subnet.requiredIPs)),
            h('td', { className: 'mono' }, `/${subnet.minimumPrefixLength}`),
            h('td', { className: 'mono' }, subnet.cidr ?? '—'),
            h(
              'td',
              { className: subnet.fits === false ? 'fits-no' : '' },
              subnet.fits === undefined ? '—' : subnet.fits ? 'yes' : 'no',
            ),
          );
        if (i === 0) row.append(h('td', { rowSpan: subnets.length }, limitsSummary(option.limits)));
        tbody.append(row);
      });
    }
    body.append(
      h(
        'table',
        { id: 'plan-table' },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            header.map((label) => h('th', { scope: 'col' }, label)),
          ),
        ),
        tbody,
      ),
    );
    body.append(h('h3', null, `Problems (${plan.problems.length})`));
    if (plan.problems.length === 0) body.append(h('p', null, 'No problems found in the plan.'));
    else
      body.append(
        cappedList(plan.problems, (p) => [
          severityBadge(p.severity),
          ' ',
          h('span', { className: 'mono' }, p.code),
          `: ${p.message}`,
          p.subjects.length > 0 ? ` (${p.subjects.join(', ')})` : '',
        ]),
      );
  }

  /** The exceeded limits in full; the others as a count, with their details on hover. */
  function limitsSummary(limits) {
    const exceeded = limits.filter((l) => l.exceeded);
    const met = limits.length - exceeded.length;
    const describe = (l) =>
      `${l.description} (${l.planned === undefined ? '' : `${l.planned} of `}${l.limit})`;
    return h(
      'span',
      { title: limits.map(describe).join('\n') },
      exceeded.map((l) => h('div', { className: 'fits-no' }, `exceeded: ${describe(l)}`)),
      limits.length === 0 ? '—' : met > 0 ? `${met} of ${limits.length} within limits` : '',
    );
  }

  // ---- connectivity graph ----

  function renderGraph() {
    const body = sectionBody('graph');
    const graph = data.graph;
    if (unavailable(graph)) return showUnavailable(body, graph);
    if (graph.nodes.length === 0 && graph.namespaces.length === 0)
      return body.append(
        h('p', { className: 'unavailable' }, 'No workloads or external peers in the inputs.'),
      );

    const expandable = graph.edgeLevel === 'workload';
    const nodeById = new Map(graph.nodes.map((n) => [n.id, n]));
    const namespaceIds = new Set(graph.namespaces.map((ns) => ns.id));
    const expanded = new Set(graph.collapsed || !expandable ? [] : graph.namespaces.map((ns) => ns.id));
    // Flows of an endpoint with itself are in the matrix; in the graph they would only be clutter.
    const flows = graph.edges.filter((e) => e.from !== e.to);

    const panel = h('aside', { id: 'graph-panel', 'aria-live': 'polite' });
    const container = h('div', { id: 'cy', role: 'img', 'aria-label': 'connectivity graph' });
    const expandAll = h('button', { type: 'button', disabled: !expandable }, 'Expand all');
    const collapseAll = h('button', { type: 'button', disabled: !expandable }, 'Collapse all');
    const fit = h('button', { type: 'button' }, 'Fit');
    const finder = h('input', {
      type: 'search',
      name: 'find-node',
      placeholder: 'find a workload or peer, Enter',
      'aria-label': 'find in the graph',
    });
    body.append(
      h(
        'div',
        { className: 'toolbar' },
        expandAll,
        collapseAll,
        fit,
        finder,
        h(
          'span',
          { className: 'legend' },
          h('span', null, h('span', { className: 'swatch', style: 'background:#ddf4ff' }), 'namespace'),
          h('span', null, h('span', { className: 'swatch', style: 'background:#54aeff' }), 'workload'),
          h('span', null, h('span', { className: 'swatch', style: 'background:#fb8f44' }), 'external peer'),
          h('span', null, h('span', { className: 'swatch', style: 'background:var(--ingress)' }), 'ingress'),
          h('span', null, h('span', { className: 'swatch', style: 'background:var(--egress)' }), 'egress'),
        ),
      ),
      h('p', { className: 'unavailable' }, graph.note ?? ''),
      h('div', { className: 'graph-layout' }, container, panel),
    );
    showPanelHint();

    const cy = cytoscape({
      container,
      wheelSensitivity: 0.3,
      minZoom: 0.05,
      maxZoom: 4,
      style: [
        {
          selector: 'node',
          style: {
            label: 'data(label)',
            'font-size': 11,
            'text-valign': 'bottom',
            'text-margin-y': 3,
            'background-color': '#54aeff',
            width: 22,
            height: 22,
          },
        },
        {
          selector: 'node.external',
          style: { shape: 'diamond', 'background-color': '#fb8f44', width: 26, height: 26 },
        },
        {
          selector: 'node.namespace',
          style: {
            shape: 'round-rectangle',
            'background-color': '#ddf4ff',
            'border-width': 1,
            'border-color': '#54aeff',
            'font-weight': 'bold',
          },
        },
        { selector: 'node.namespace.collapsed', style: { width: 44, height: 30, 'text-valign': 'bottom' } },
        {
          selector: 'node.namespace:parent',
          style: { 'text-valign': 'top', 'text-margin-y': -3, padding: 14 },
        },
        {
          selector: 'edge',
          style: {
            width: 'mapData(flows, 1, 20, 1.2, 5)',
            'line-color': '#8c959f',
            'target-arrow-color': '#8c959f',
            'target-arrow-shape': 'triangle',
            'curve-style': 'bezier',
            'arrow-scale': 0.9,
          },
        },
        { selector: '.faded', style: { opacity: 0.15 } },
        { selector: 'node.selected', style: { 'border-width': 3, 'border-color': '#1f2328' } },
        {
          selector: 'edge.ingress',
          style: { 'line-color': '#0969da', 'target-arrow-color': '#0969da', width: 3, 'z-index': 10 },
        },
        {
          selector: 'edge.egress',
          style: { 'line-color': '#d1242f', 'target-arrow-color': '#d1242f', width: 3, 'z-index': 10 },
        },
        {
          selector: 'edge.selected',
          style: { 'line-color': '#1f2328', 'target-arrow-color': '#1f2328', width: 4, 'z-index': 20 },
        },
      ],
    });

    /** The graph element an endpoint is drawn as: itself, or its namespace while that is collapsed. */
    function drawnAs(id) {
      const node = nodeById.get(id);
      if (node === undefined) return namespaceIds.has(id) ? `ns:${id}` : `x:${id}`;
      if (node.namespace === undefined) return `x:${id}`;
      return expanded.has(node.namespace) ? `w:${id}` : `ns:${node.namespace}`;
    }

    function elements() {
      const nodes = [];
      for (const ns of graph.namespaces) {
        const isOpen = expanded.has(ns.id);
        nodes.push({
          group: 'nodes',
          data: { id: `ns:${ns.id}`, label: isOpen ? ns.id : `${ns.id} (${ns.workloads})`, namespace: ns.id },
          classes: isOpen ? 'namespace expanded' : 'namespace collapsed',
        });
      }
      for (const node of graph.nodes) {
        if (node.namespace === undefined)
          nodes.push({
            group: 'nodes',
            data: { id: `x:${node.id}`, label: node.label, endpoint: node.id },
            classes: 'external',
          });
        else if (expanded.has(node.namespace))
          nodes.push({
            group: 'nodes',
            data: {
              id: `w:${node.id}`,
              label: node.label,
              endpoint: node.id,
              parent: `ns:${node.namespace}`,
            },
            classes: 'workload',
          });
      }
      const edges = new Map();
      flows.forEach((flow, index) => {
        const source = drawnAs(flow.from);
        const target = drawnAs(flow.to);
        const key = `${source}\n${target}`;
        const edge = edges.get(key);
        if (edge) edge.data.flowIndexes.push(index);
        else
          edges.set(key, {
            group: 'edges',
            data: { id: `e${edges.size}`, source, target, flowIndexes: [index] },
          });
      });
      for (const edge of edges.values()) edge.data.flows = edge.data.flowIndexes.length;
      return [...nodes, ...edges.values()];
    }

    function redraw() {
      cy.elements().remove();
      cy.add(elements());
      cy.layout({ name: 'preset', positions: layoutPositions(), fit: true, padding: 24 }).run();
      showPanelHint();
    }

    /**
     * Places the graph without a force simulation, so it is the same on every opening, never overlaps groups and
     * costs linear time on thousands of nodes: external peers in a column on the left, namespaces packed in rows
     * to the right, each expanded namespace's workloads in a grid inside it.
     */
    function layoutPositions() {
      const step = { x: 130, y: 90 };
      const positions = {};
      const externals = graph.nodes.filter((n) => n.namespace === undefined);
      externals.forEach((node, i) => {
        positions[`x:${node.id}`] = { x: 0, y: i * step.y };
      });
      const boxes = graph.namespaces.map((ns) => {
        const members = expanded.has(ns.id) ? graph.nodes.filter((n) => n.namespace === ns.id) : [];
        const columns = Math.max(1, Math.ceil(Math.sqrt(members.length)));
        const rowsUsed = Math.max(1, Math.ceil(members.length / columns));
        return { ns, members, columns, width: columns * step.x + 40, height: rowsUsed * step.y + 40 };
      });
      const area = boxes.reduce((sum, b) => sum + b.width * b.height, 0);
      const shelfWidth = Math.max(600, Math.sqrt(area) * 1.5);
      const left = externals.length > 0 ? 2 * step.x : 0;
      let x = left;
      let y = 0;
      let shelfHeight = 0;
      for (const box of boxes) {
        if (x > left && x + box.width > left + shelfWidth) {
          x = left;
          y += shelfHeight;
          shelfHeight = 0;
        }
        if (box.members.length === 0)
          positions[`ns:${box.ns.id}`] = { x: x + box.width / 2, y: y + box.height / 2 };
        box.members.forEach((node, i) => {
          positions[`w:${node.id}`] = {
            x: x + 20 + (i % box.columns) * step.x + step.x / 2,
            y: y + 20 + Math.floor(i / box.columns) * step.y + step.y / 2,
          };
        });
        x += box.width;
        shelfHeight = Math.max(shelfHeight, box.height);
      }
      return positions;
    }

    function clearHighlight() {
      cy.elements().removeClass('faded selected ingress egress');
    }

    /** Fades everything else; a compound's opacity also dims its children, so the kept nodes' namespaces stay. */
    function fadeAllBut(kept) {
      cy.elements().not(kept.union(kept.nodes().ancestors())).addClass('faded');
    }

    function describeEndpoint(id) {
      const node = nodeById.get(id);
      if (node === undefined) return id;
      return node.namespace === undefined
        ? `${node.id} (external)`
        : `${node.namespace}/${node.label} (${node.kind})`;
    }

    function flowLine(flow) {
      return `${describeEndpoint(flow.from)} → ${describeEndpoint(flow.to)}: ${flow.ports}`;
    }

    function showPanelHint() {
      panel.replaceChildren(
        h('h3', null, 'Details'),
        h(
          'p',
          null,
          expandable
            ? 'Click a namespace to expand it, a node to highlight its ingress (blue) and egress (red), an edge to see its ports and why it is allowed.'
            : 'Click a node to highlight its ingress (blue) and egress (red), an edge to see its ports.',
        ),
      );
    }

    function showEdge(edge) {
      clearHighlight();
      fadeAllBut(edge.union(edge.connectedNodes()));
      edge.addClass('selected');
      const edgeFlows = edge.data('flowIndexes').map((i) => flows[i]);
      const source = edge.source().data('label');
      const target = edge.target().data('label');
      const content = [h('h3', { id: 'edge-title' }, `${source} → ${target}`)];
      if (edgeFlows.length === 1) {
        const flow = edgeFlows[0];
        content.push(
          h('p', null, flowLine(flow)),
          h('h4', null, 'Ports'),
          h('p', { className: 'mono', id: 'edge-ports' }, flow.ports),
          h('h4', null, 'Why it is allowed'),
          h(
            'p',
            { className: 'explanation', id: 'edge-explanation' },
            flow.explanation ?? 'No explanation was computed for this flow.',
          ),
        );
      } else {
        content.push(
          h('p', null, `${plural(edgeFlows.length, 'flow')} between these groups:`),
          cappedList(edgeFlows, (flow) => [
            h('span', { className: 'mono' }, flowLine(flow)),
            flow.explanation ? h('div', { className: 'explanation' }, flow.explanation) : null,
          ]),
        );
      }
      panel.replaceChildren(...content);
    }

    function showNode(node) {
      clearHighlight();
      const members = node.isParent() ? node.union(node.descendants()) : node;
      const touching = members.connectedEdges();
      const ingress = touching.filter((e) => members.has(e.target()) && !members.has(e.source()));
      const egress = touching.filter((e) => members.has(e.source()) && !members.has(e.target()));
      fadeAllBut(members.union(touching).union(touching.connectedNodes()));
      node.addClass('selected');
      ingress.addClass('ingress');
      egress.addClass('egress');
      const flowsOf = (edges) => edges.toArray().flatMap((e) => e.data('flowIndexes').map((i) => flows[i]));
      const endpoint = node.data('endpoint');
      const content = [
        h(
          'h3',
          { id: 'node-title' },
          endpoint ? describeEndpoint(endpoint) : `namespace ${node.data('namespace')}`,
        ),
      ];
      if (node.hasClass('namespace') && node.hasClass('expanded')) {
        const collapse = h('button', { type: 'button' }, 'Collapse namespace');
        collapse.addEventListener('click', () => {
          expanded.delete(node.data('namespace'));
          redraw();
        });
        content.push(collapse);
      }
      const ingressFlows = flowsOf(ingress);
      const egressFlows = flowsOf(egress);
      content.push(
        h('h4', null, `Ingress: ${plural(ingressFlows.length, 'allowed flow')}`),
        cappedList(ingressFlows, flowLine),
        h('h4', null, `Egress: ${plural(egressFlows.length, 'allowed flow')}`),
        cappedList(egressFlows, flowLine),
      );
      panel.replaceChildren(...content);
    }

    cy.on('tap', (event) => {
      const target = event.target;
      if (target === cy) {
        clearHighlight();
        showPanelHint();
      } else if (target.isEdge()) showEdge(target);
      else if (expandable && target.hasClass('collapsed')) {
        expanded.add(target.data('namespace'));
        redraw();
      } else showNode(target);
    });
    expandAll.addEventListener('click', () => {
      for (const ns of graph.namespaces) expanded.add(ns.id);
      redraw();
    });
    collapseAll.addEventListener('click', () => {
      expanded.clear();
      redraw();
    });
    fit.addEventListener('click', () => cy.fit(undefined, 24));
    finder.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') findNode(finder.value);
    });

    /** Selects the node whose id or name is the text, else the first whose id contains it, expanding its namespace. */
    function findNode(text) {
      const wanted = text.trim().toLowerCase();
      if (wanted === '') return;
      const match =
        graph.nodes.find((n) => n.id.toLowerCase() === wanted) ??
        graph.nodes.find((n) => n.label.toLowerCase() === wanted) ??
        graph.nodes.find((n) => n.id.toLowerCase().includes(wanted));
      if (match === undefined) {
        clearHighlight();
        panel.replaceChildren(
          h('h3', null, 'Details'),
          h('p', null, `Nothing in the graph matches "${text}".`),
        );
        return;
      }
      if (expandable && match.namespace !== undefined && !expanded.has(match.namespace)) {
        expanded.add(match.namespace);
        redraw();
      }
      const node = cy.getElementById(drawnAs(match.id));
      showNode(node);
      cy.center(node);
    }

    /** Shows the flow `from` → `to` as a clicked edge (expanding the namespaces it joins); false if none is drawn. */
    function showFlow(from, to) {
      const index = flows.findIndex((f) => f.from === from && f.to === to);
      if (index === -1) return false;
      const closed = [from, to]
        .map((id) => nodeById.get(id)?.namespace)
        .filter((ns) => expandable && ns !== undefined && !expanded.has(ns));
      if (closed.length > 0) {
        for (const ns of closed) expanded.add(ns);
        redraw();
      }
      showEdge(cy.edges().filter((e) => e.data('flowIndexes').includes(index))[0]);
      container.scrollIntoView({ block: 'center' });
      return true;
    }

    redraw();
    return { cy, showFlow };
  }

  // ---- matrix heat map ----

  /** Draws the heat map; a click on a cell shows its flow in the graph, when the graph draws it. */
  function renderMatrix(graphView) {
    const body = sectionBody('matrix');
    const matrix = data.matrix;
    if (unavailable(matrix)) return showUnavailable(body, matrix);
    const { rows, cols, cells } = matrix;
    if (rows.length === 0)
      return body.append(h('p', { className: 'unavailable' }, 'No endpoints in the inputs.'));
    const byPosition = new Map(cells.map((c) => [c.row * cols.length + c.col, c]));
    const side = Math.max(rows.length, cols.length);
    const cell = Math.max(2, Math.min(22, Math.floor(760 / side)));
    const labelled = cell >= 9;
    const gutter = labelled
      ? Math.min(220, 7 * Math.max(...rows.map((r) => r.length), ...cols.map((c) => c.length)) + 8)
      : 0;
    const width = gutter + cols.length * cell;
    const height = gutter + rows.length * cell;
    // The geometry, for scripts (and the browser test) that point at a cell.
    const canvas = h('canvas', { id: 'heatmap', dataset: { cell: String(cell), gutter: String(gutter) } });
    const scale = window.devicePixelRatio || 1;
    canvas.width = width * scale;
    canvas.height = height * scale;
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    const caption = h(
      'p',
      { id: 'matrix-cell', 'aria-live': 'polite' },
      'Point at a cell to see what it allows; click it to see the flow in the graph.',
    );
    body.append(
      h(
        'p',
        null,
        `Rows are sources, columns destinations, one per ${matrix.level}. ` +
          (matrix.level === 'namespace'
            ? 'A darker cell allows a larger share of its endpoint pairs.'
            : 'A filled cell allows something.'),
      ),
      canvas,
      caption,
    );

    const ctx = canvas.getContext('2d');
    ctx.scale(scale, scale);
    ctx.fillStyle = '#f6f8fa';
    ctx.fillRect(gutter, gutter, cols.length * cell, rows.length * cell);
    for (const c of cells) {
      ctx.fillStyle = heat(c.allowed / c.pairs);
      ctx.fillRect(gutter + c.col * cell, gutter + c.row * cell, cell, cell);
    }
    if (cell >= 6) {
      ctx.strokeStyle = '#ffffff';
      ctx.lineWidth = 1;
      ctx.beginPath();
      for (let i = 0; i <= rows.length; i += 1) {
        ctx.moveTo(gutter, gutter + i * cell);
        ctx.lineTo(gutter + cols.length * cell, gutter + i * cell);
      }
      for (let i = 0; i <= cols.length; i += 1) {
        ctx.moveTo(gutter + i * cell, gutter);
        ctx.lineTo(gutter + i * cell, gutter + rows.length * cell);
      }
      ctx.stroke();
    }
    if (labelled) {
      ctx.fillStyle = '#1f2328';
      ctx.font = '11px system-ui, sans-serif';
      ctx.textBaseline = 'middle';
      ctx.textAlign = 'right';
      rows.forEach((label, i) => {
        ctx.fillText(label, gutter - 4, gutter + i * cell + cell / 2, gutter - 6);
      });
      cols.forEach((label, i) => {
        ctx.save();
        ctx.translate(gutter + i * cell + cell / 2, gutter - 4);
        ctx.rotate(-Math.PI / 2);
        ctx.textAlign = 'left';
        ctx.fillText(label, 0, 0, gutter - 6);
        ctx.restore();
      });
    }

    function cellAt(event) {
      const bounds = canvas.getBoundingClientRect();
      const col = Math.floor((event.clientX - bounds.left - gutter) / cell);
      const row = Math.floor((event.clientY - bounds.top - gutter) / cell);
      return row < 0 || col < 0 || row >= rows.length || col >= cols.length ? undefined : { row, col };
    }

    function describeCell(event) {
      const at = cellAt(event);
      if (at === undefined) return;
      const { row, col } = at;
      const found = byPosition.get(row * cols.length + col);
      const pair = `${rows[row]} → ${cols[col]}`;
      if (!found) caption.textContent = `${pair}: nothing allowed`;
      else if (found.pairs === 1) caption.textContent = `${pair}: ${found.ports}`;
      else
        caption.textContent = `${pair}: ${found.allowed} of ${found.pairs} endpoint pairs allowed; ${found.ports}`;
    }
    canvas.addEventListener('mousemove', describeCell);
    canvas.addEventListener('click', (event) => {
      describeCell(event);
      const at = cellAt(event);
      if (at !== undefined && byPosition.has(at.row * cols.length + at.col))
        graphView?.showFlow(rows[at.row], cols[at.col]);
    });
  }

  /**
   * Light orange for a little allowed, dark red for everything allowed; on a square-root scale, so that a cell
   * allowing a few of its many pairs still stands out.
   */
  function heat(share) {
    const from = [253, 208, 162];
    const to = [165, 15, 21];
    const t = Math.sqrt(Math.min(1, Math.max(0, share)));
    const mix = from.map((f, i) => Math.round(f + (to[i] - f) * t));
    return `rgb(${mix.join(',')})`;
  }

  renderMeta();
  renderSummary();
  renderFindings();
  renderPlan();
  const graphView = renderGraph();
  renderMatrix(graphView);
  // For the browser test and for readers who want to script the graph from the console.
  window.aksguardReport = { data, cy: graphView?.cy };
})();
