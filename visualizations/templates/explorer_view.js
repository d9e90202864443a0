/* alignkg explorer, view logic: which nodes a view shows, where they go, how a view is
   written in the address. Pure functions over the embedded graph (no DOM, no vis), so a
   view comes out the same from a click, a link or the address bar. */
const ExplorerView = (function () {
  "use strict";
  const RING_GAP = 210;   // canvas units between the rings of a radial layout
  const MIN_ARC = 110;    // least arc between neighbours on one ring: room for a label
  const STAGGER = 75;     // how far each sub-ring of a crowded ring lies outside the last
  const MAX_SUBRINGS = 4; // most sub-rings a crowded ring splits into
  const WIDEN = 1.4;      // rings are ellipses this much wider than tall: labels are wide
  const KIND_ORDER = { term: 0, framing: 1, individual: 2, case: 3, source: 4 };

  /* Undirected neighbours of every node, over edges of any kind. */
  function adjacency(edges) {
    const near = new Map();
    const add = (a, b) => {
      if (!near.has(a)) near.set(a, new Set());
      near.get(a).add(b);
    };
    edges.forEach((e) => { if (e.from !== e.to) { add(e.from, e.to); add(e.to, e.from); } });
    return near;
  }

  /* Breadth-first from `root` up to `depth` hops, entering only nodes `allowed` accepts:
     id -> {hops, parent}. A node switched off is not a bridge to what lies behind it. */
  function reach(near, root, depth, allowed) {
    const found = new Map([[root, { hops: 0, parent: null }]]);
    let frontier = [root];
    for (let hop = 1; hop <= depth && frontier.length; hop++) {
      const next = [];
      frontier.forEach((n) => [...(near.get(n) || [])].sort().forEach((m) => {
        if (!found.has(m) && allowed(m)) { found.set(m, { hops: hop, parent: n }); next.push(m); }
      }));
      frontier = next;
    }
    return found;
  }

  /* Siblings in reading order: by kind (terms before cases before sources), then label. */
  function siblingOrder(kindOf, labelOf) {
    return (a, b) => (KIND_ORDER[kindOf(a)] ?? 9) - (KIND_ORDER[kindOf(b)] ?? 9) ||
      labelOf(a).localeCompare(labelOf(b));
  }

  /* Each node's angular wedge: the root has the whole circle, a child a share of its
     parent's wedge in proportion to the leaves below it. */
  function wedges(tree, root, order) {
    const children = new Map();
    tree.forEach((v, id) => {
      if (v.parent === null) return;
      if (!children.has(v.parent)) children.set(v.parent, []);
      children.get(v.parent).push(id);
    });
    children.forEach((list) => list.sort(order));
    const weight = new Map();
    [...tree.keys()].sort((a, b) => tree.get(b).hops - tree.get(a).hops).forEach((id) => {
      const sum = (children.get(id) || []).reduce((total, c) => total + weight.get(c), 0);
      weight.set(id, Math.max(1, sum));
    });
    const found = new Map([[root, [-Math.PI / 2, 1.5 * Math.PI]]]);
    const queue = [root];
    while (queue.length) {
      const id = queue.shift();
      const [low, high] = found.get(id);
      let cursor = low;
      (children.get(id) || []).forEach((c) => {
        const span = (high - low) * weight.get(c) / weight.get(id);
        found.set(c, [cursor, cursor + span]);
        cursor += span;
        queue.push(c);
      });
    }
    return found;
  }

  /* Angles (ascending) moved apart to at least `gap` each, keeping their order and, on
     average, their place: labels on one ring stop touching, and a node stays near the
     wedge of the node it hangs from. */
  function spread(angles, gap) {
    const out = angles.slice();
    for (let i = 1; i < out.length; i++) out[i] = Math.max(out[i], out[i - 1] + gap);
    const limit = out[0] + 2 * Math.PI - gap;
    for (let i = out.length - 1; i >= 0 && out[i] > limit - (out.length - 1 - i) * gap; i--) {
      out[i] = limit - (out.length - 1 - i) * gap;
    }
    const shift = angles.reduce((sum, a, i) => sum + a - out[i], 0) / Math.max(out.length, 1);
    return out.map((a) => a + shift);
  }

  /* Radial tree positions for a breadth-first tree: the root in the middle, each hop
     further out, each node at the middle of its wedge, then spread along its ring. Within
     a hop, terms and framings take an inner ring and cases and sources an outer one, so
     a term with many cases keeps its neighbouring terms legible. A ring too crowded for
     its labels splits into up to MAX_SUBRINGS staggered sub-rings before it grows. */
  function radialLayout(tree, root, order, kindOf) {
    const wedge = wedges(tree, root, order);
    const mid = (id) => (wedge.get(id)[0] + wedge.get(id)[1]) / 2;
    const rings = new Map();
    tree.forEach((v, id) => {
      if (id === root) return;
      const outerRing = ["case", "source"].includes(kindOf(id)) ? 1 : 0;
      const key = v.hops * 2 + outerRing;
      if (!rings.has(key)) rings.set(key, []);
      rings.get(key).push(id);
    });
    const positions = { [root]: { x: 0, y: 0 } };
    let outer = 0;
    [...rings.keys()].sort((a, b) => a - b).forEach((key) => {
      const ids = rings.get(key).sort((a, b) => mid(a) - mid(b));
      const base = outer + RING_GAP;
      const perimeter = ids.length * MIN_ARC / (2 * Math.PI);
      const count = Math.min(MAX_SUBRINGS, ids.length, Math.max(1, Math.ceil(perimeter / base)));
      const radius = Math.max(base, perimeter / count);
      const angles = spread(ids.map(mid), Math.min(2 * Math.PI / ids.length, MIN_ARC / (count * radius)));
      ids.forEach((id, i) => {
        const r = radius + (i % count) * STAGGER;
        positions[id] = { x: Math.round(WIDEN * r * Math.cos(angles[i])), y: Math.round(r * Math.sin(angles[i])) };
      });
      outer = radius + (count - 1) * STAGGER;
    });
    return positions;
  }

  /* ---- the view in the address: focus, depth, view=all, cases, sources, framing ---- */
  function flag(text, otherwise) {
    const value = String(text).toLowerCase();
    if (["true", "1", "yes", "on"].includes(value)) return true;
    if (["false", "0", "no", "off"].includes(value)) return false;
    return otherwise;
  }

  /* The view an address asks for, over `base` (what the page opens on without one).
     `resolve` turns a name (CURIE, local name or label) into a node id, or null. */
  function readQuery(search, base, resolve, maxDepth) {
    const q = new URLSearchParams(search);
    const view = Object.assign({}, base);
    if (q.has("focus")) view.focus = resolve(q.get("focus")) || view.focus;
    if (q.has("depth")) {
      const depth = parseInt(q.get("depth"), 10);
      if (depth >= 0 && depth <= maxDepth) view.depth = depth;
    }
    if (q.has("view")) view.scope = q.get("view") === "all" ? "all" : "core";
    if (q.has("cases")) view.cases = flag(q.get("cases"), view.cases);
    if (q.has("sources")) view.sources = flag(q.get("sources"), view.sources);
    if (q.has("framing")) view.framing = resolve(q.get("framing")) || null;
    return view;
  }

  /* The address's query for a view; the defaults are left out, so a plain /explorer is
     the core view. */
  function writeQuery(view) {
    const q = new URLSearchParams();
    if (view.focus) { q.set("focus", view.focus); q.set("depth", String(view.depth)); }
    else if (view.scope === "all") q.set("view", "all");
    if (!view.cases) q.set("cases", "false");
    if (view.sources) q.set("sources", "true");
    if (view.framing) q.set("framing", view.framing);
    const text = q.toString().replace(/%3A/gi, ":");
    return text ? "?" + text : "";
  }

  /* Scale and centre that fit `box` (canvas units) into `area` (pixels) with a margin,
     never zooming in past `maxScale`. */
  function fitTransform(box, area, maxScale) {
    const margin = 40;
    const width = Math.max(box.right - box.left, 1), height = Math.max(box.bottom - box.top, 1);
    const scale = Math.min(maxScale, (area.width - 2 * margin) / width, (area.height - 2 * margin) / height);
    return { scale: Math.max(scale, 0.02),
             centre: { x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2 } };
  }

  return { adjacency, reach, siblingOrder, spread, radialLayout, readQuery, writeQuery, fitTransform };
})();
