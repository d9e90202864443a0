/* alignkg explorer: our small layer over vis-network. The page holds the whole graph; the
   view (core, everything, or one node's neighbourhood; kinds on or off; the colouring
   framing) decides what shows, is laid out by ExplorerView and lives in the address.
   Generated pages inline this file after explorer_view.js, explorer_panel.js and
   explorer_search.js; edit it here. Everything runs offline. */
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const DATA = JSON.parse($("explorer-data").textContent);
  const OPENING = JSON.parse($("explorer-view").textContent);
  const details = DATA.details;
  const started = performance.now();
  const near = ExplorerView.adjacency(DATA.edges);
  const home = new Map(DATA.nodes.map((n) => [n.id, { x: n.x, y: n.y }]));
  const coreSet = new Set(DATA.core.nodes);
  const kindOf = (id) => details[id].kind;
  const label = (id) => (details[id] && details[id].label) || id;
  const order = ExplorerView.siblingOrder(kindOf, label);
  const MAX_SCALE = 1.0;
  const LABEL_PAD = { x: 110, y: 45 }; // canvas units around the outermost nodes

  /* A name from an address (CURIE, ak: local name, or label, any case) -> node id. */
  function resolve(name) {
    const wanted = String(name || "").trim();
    if (details[wanted]) return wanted;
    const lowered = wanted.toLowerCase();
    for (const id of Object.keys(details)) {
      if (id.toLowerCase() === lowered || id.toLowerCase() === "ak:" + lowered ||
          details[id].label.toLowerCase() === lowered) return id;
    }
    return null;
  }

  const state = ExplorerView.readQuery(location.search, OPENING, resolve, DATA.maxDepth);

  /* ---- what the view shows, and where ---- */
  function kindOn(id) {
    const kind = kindOf(id);
    return (kind !== "case" || state.cases) && (kind !== "source" || state.sources);
  }
  function currentView() {
    if (state.focus) {
      const tree = ExplorerView.reach(near, state.focus, state.depth, kindOn);
      return { ids: new Set(tree.keys()), positions: ExplorerView.radialLayout(tree, state.focus, order, kindOf),
               title: "neighbourhood of " + label(state.focus) + ", depth " + state.depth };
    }
    if (state.scope === "core" && coreSet.size) {
      const anchor = DATA.core.anchor;
      const tree = ExplorerView.reach(near, anchor, Infinity, (id) => coreSet.has(id));
      coreSet.forEach((id) => { if (!tree.has(id)) tree.set(id, { hops: 1, parent: anchor }); });
      return { ids: new Set(tree.keys()), positions: ExplorerView.radialLayout(tree, anchor, order, kindOf),
               core: true, title: "core: the objective taxonomy and its neighbours" };
    }
    const ids = new Set(DATA.nodes.map((n) => n.id).filter(kindOn));
    return { ids: ids, positions: null, title: "everything" };
  }
  function nodeUpdates(view) {
    return DATA.nodes.map((n) => {
      const at = (view.positions && view.positions[n.id]) || home.get(n.id);
      return { id: n.id, hidden: !view.ids.has(n.id), x: at.x, y: at.y };
    });
  }

  let view = currentView();
  const nodes = new vis.DataSet(DATA.nodes.map((n, i) => Object.assign({}, n, nodeUpdates(view)[i])));
  const edges = new vis.DataSet(DATA.edges.map((e, i) => Object.assign({ id: "e" + i }, e)));
  const network = new vis.Network($("network"), { nodes: nodes, edges: edges }, DATA.options);
  const panel = ExplorerPanel.create(DATA, near, goTo);

  /* ---- fitting into the part of the canvas the side panel leaves visible ---- */
  function visibleArea() {
    const box = $("network").getBoundingClientRect();
    return { width: Math.max(box.width - panel.width(), 1), height: box.height, covered: panel.width() };
  }
  /* Node positions padded for their labels (bounding boxes are only measured at drawing
     time, so right after a re-layout they are stale). */
  function fitVisible(ids) {
    const at = Object.values(network.getPositions([...ids]));
    if (!at.length) return;
    const box = { left: Math.min(...at.map((p) => p.x)) - LABEL_PAD.x, right: Math.max(...at.map((p) => p.x)) + LABEL_PAD.x,
                  top: Math.min(...at.map((p) => p.y)) - LABEL_PAD.y, bottom: Math.max(...at.map((p) => p.y)) + LABEL_PAD.y };
    const area = visibleArea();
    const fit = ExplorerView.fitTransform(box, area, MAX_SCALE);
    network.moveTo({ position: fit.centre, scale: fit.scale, offset: { x: -area.covered / 2, y: 0 }, animation: false });
  }
  /* Bring one node into the middle of the visible area, keeping the zoom if it is legible. */
  function centreOn(id) {
    const area = visibleArea();
    const scale = Math.min(Math.max(network.getScale(), 0.6), MAX_SCALE);
    network.moveTo({ position: network.getPositions([id])[id], scale: scale,
                     offset: { x: -area.covered / 2, y: 0 }, animation: false });
  }

  /* ---- applying a view, and writing it in the address ---- */
  function status(text) { $("status").textContent = text; }
  function syncControls() {
    $("show-cases").checked = state.cases;
    $("show-sources").checked = state.sources;
    $("depth").value = state.depth;
    $("framing-select").value = state.framing || "";
    $("core-button").setAttribute("aria-pressed", String(!state.focus && state.scope === "core"));
    $("unfocus-button").setAttribute("aria-pressed", String(!state.focus && state.scope === "all"));
  }
  function record(how) {
    if (!how) return;
    const url = location.pathname + ExplorerView.writeQuery(state) + location.hash;
    if (url === location.pathname + location.search + location.hash) return;
    try {
      history[how === "push" ? "pushState" : "replaceState"](null, "", url);
    } catch (error) {
      // A page opened from a file may not rewrite its address; the view still applies.
    }
  }
  /* Show the view `state` describes: which nodes, where, fitted into the visible area. */
  function apply(how, refit) {
    view = currentView();
    nodes.update(nodeUpdates(view));
    if (refit !== false) fitVisible(view.ids);
    syncControls();
    record(how);
    status(view.ids.size + " of " + DATA.nodes.length + " nodes · " + view.title);
    window.explorerView = Object.assign({}, state);
  }

  /* ---- selection ---- */
  function select(id) {
    network.selectNodes([id]);
    window.explorerHighlighted = id;
    panel.show(id);
  }
  /* Show a node wherever it is: in the view, it is selected and brought to the middle of
     the visible area; outside it, the view becomes its neighbourhood. */
  function goTo(id) {
    if (!details[id]) return false;
    if (view.ids.has(id)) {
      select(id);
      centreOn(id);
    } else {
      panel.show(id);
      focusOn(id, state.depth || 1);
      select(id);
    }
    return true;
  }
  function focusOn(id, depth) {
    state.focus = id;
    state.depth = Math.max(0, Math.min(depth, DATA.maxDepth));
    apply("push");
  }
  network.on("click", (params) => { if (params.nodes.length) select(params.nodes[0]); });

  /* ---- controls ---- */
  $("focus-button").addEventListener("click", () => {
    const chosen = network.getSelectedNodes()[0] || window.explorerHighlighted;
    if (!chosen) { status("select a node first, then focus on it"); return; }
    panel.show(chosen);
    focusOn(chosen, Number($("depth").value) || 0);
    select(chosen);
  });
  $("unfocus-button").addEventListener("click", () => { state.focus = null; state.scope = "all"; apply("push"); });
  $("core-button").addEventListener("click", () => { state.focus = null; state.scope = "core"; apply("push"); });
  $("depth").addEventListener("change", (ev) => {
    const depth = parseInt(ev.target.value, 10);
    if (!(depth >= 0 && depth <= DATA.maxDepth)) { syncControls(); return; }
    state.depth = depth;
    if (state.focus) apply("replace"); else syncControls();
  });
  function setCases(on) { state.cases = on; apply("replace", state.scope !== "all" || !!state.focus); }
  function setSources(on) { state.sources = on; apply("replace", state.scope !== "all" || !!state.focus); }
  $("show-cases").addEventListener("change", (ev) => setCases(ev.target.checked));
  $("show-sources").addEventListener("change", (ev) => setSources(ev.target.checked));

  /* ---- colouring cases by one framing's verdict ---- */
  const caseIds = DATA.nodes.filter((n) => n.kind === "case").map((n) => n.id);
  function verdictUnder(id, framing) {
    const v = details[id].verdicts;
    if (!framing) return v.verdict;
    const row = v.framings.find((f) => f.framing === framing);
    return row ? row.verdict : (v.computed_by === "classifier" ? "unknown" : v.verdict);
  }
  function colourCases(framing, how) {
    state.framing = framing || null;
    nodes.update(caseIds.map((id) => {
      const verdict = verdictUnder(id, framing);
      const fill = DATA.legend.verdicts[verdict] || "#fff";
      return { id: id, verdict: verdict,
               color: { background: fill, border: "#2c3e50",
                        highlight: { background: fill, border: DATA.legend.selection } } };
    }));
    syncControls();
    record(how);
  }
  DATA.framings.forEach((f) => $("framing-select").appendChild(ExplorerPanel.el("option", { value: f.id }, f.label)));
  $("framing-select").addEventListener("change", (ev) => colourCases(ev.target.value, "replace"));

  /* ---- back and forward move through views ---- */
  window.addEventListener("popstate", () => {
    Object.assign(state, ExplorerView.readQuery(location.search, DATA.defaults, resolve, DATA.maxDepth));
    colourCases(state.framing, null);
    apply(null);
    if (state.focus) select(state.focus);
  });

  /* ---- search ---- */
  const finder = DATA.search ? ExplorerSearch.create(DATA.search, details, goTo, status) : null;

  /* ---- groups: translucent hulls behind the taxonomies and the threat/desideratum split ---- */
  function hull(points) {
    const p = points.slice().sort((a, b) => a.x - b.x || a.y - b.y);
    if (p.length < 3) return p;
    const cross = (o, a, b) => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
    const lower = [], upper = [];
    for (const q of p) { while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], q) <= 0) lower.pop(); lower.push(q); }
    for (const q of p.reverse()) { while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], q) <= 0) upper.pop(); upper.push(q); }
    return lower.slice(0, -1).concat(upper.slice(0, -1));
  }
  /* One fill of the union of the hull, a disc per corner and a band per side: the
     shaded region is the hull grown by `pad`, painted once (no darker overlaps). */
  function addPolygon(ctx, pts) {
    const area = pts.reduce((a, p, i) => { const q = pts[(i + 1) % pts.length]; return a + p.x * q.y - q.x * p.y; }, 0);
    const ordered = area < 0 ? pts.slice().reverse() : pts;
    ordered.forEach((p, i) => (i ? ctx.lineTo(p.x, p.y) : ctx.moveTo(p.x, p.y)));
    ctx.closePath();
  }
  function grownHull(ctx, pts, pad) {
    ctx.beginPath();
    if (pts.length >= 3) addPolygon(ctx, pts);
    pts.forEach((p, i) => {
      ctx.moveTo(p.x + pad, p.y);
      ctx.arc(p.x, p.y, pad, 0, 2 * Math.PI);
      const q = pts[(i + 1) % pts.length];
      const len = Math.hypot(q.x - p.x, q.y - p.y);
      if (pts.length < 2 || !len) return;
      const nx = (-(q.y - p.y) / len) * pad, ny = ((q.x - p.x) / len) * pad;
      addPolygon(ctx, [{ x: p.x + nx, y: p.y + ny }, { x: q.x + nx, y: q.y + ny },
                       { x: q.x - nx, y: q.y - ny }, { x: p.x - nx, y: p.y - ny }]);
    });
    ctx.fill("nonzero");
  }
  /* Group titles go above their hulls; a title that would overlap one already drawn moves
     up a line until it does not. */
  function placeTitle(placed, x, y, width, height) {
    let top = y - height;
    const clash = (r) => x - width / 2 < r.right && x + width / 2 > r.left && top < r.bottom && top + height > r.top;
    for (let tries = 0; tries < 12 && placed.some(clash); tries++) top -= height * 1.1;
    placed.push({ left: x - width / 2, right: x + width / 2, top: top, bottom: top + height });
    return top + height;
  }
  network.on("beforeDrawing", (ctx) => {
    const placed = [];
    const fontPx = Math.max(17, 13 / network.getScale());
    DATA.groups.forEach((g) => {
      // Groups are wedges of the whole graph's layout; a re-laid-out view scatters their
      // members, so there only the core's own group is drawn.
      if (view.positions && !(view.core && g.anchor === DATA.core.anchor)) return;
      const ids = g.members.filter((m) => view.ids.has(m));
      if (ids.length < 2) return;
      const pts = hull(Object.values(network.getPositions(ids)));
      ctx.save();
      ctx.fillStyle = g.colour;
      grownHull(ctx, pts, 36);
      const top = pts.reduce((a, b) => (b.y < a.y ? b : a));
      ctx.fillStyle = "rgba(44, 62, 80, 0.85)";
      ctx.font = "italic 600 " + Math.round(fontPx) + "px system-ui, sans-serif";
      ctx.textAlign = "center";
      const width = ctx.measureText(g.title).width;
      ctx.fillText(g.title, top.x, placeTitle(placed, top.x, top.y - 42, width, fontPx * 1.2));
      ctx.restore();
    });
  });

  /* ---- legend (closed at first, so it covers nothing) ---- */
  function legend() {
    const box = $("legend");
    const el = ExplorerPanel.el;
    const row = (title, entries) => {
      box.appendChild(el("h2", null, title));
      const ul = el("ul");
      entries.forEach((li) => ul.appendChild(li));
      box.appendChild(ul);
    };
    const present = new Set(DATA.nodes.map((n) => n.kind));
    row("nodes", Object.entries(DATA.legend.nodes).filter(([k]) => present.has(k)).map(([, s]) => {
      const sw = el("span", { class: "swatch " + s.shape }); sw.style.background = s.fill;
      const li = el("li"); li.append(sw, s.label); return li;
    }));
    const edgeKinds = new Set(DATA.edges.map((e) => e.kind));
    row("edges", Object.entries(DATA.legend.edges).filter(([k]) => edgeKinds.has(k)).map(([, s]) => {
      const line = el("span", { class: "line" });
      line.style.borderTopColor = s.colour; line.style.borderTopStyle = s.dashes ? "dashed" : "solid";
      const li = el("li"); li.append(line, s.label); return li;
    }));
    const chosen = el("span", { class: "line selection" });
    chosen.style.borderTopColor = DATA.legend.selection;
    const chosenNode = el("span", { class: "swatch dot" }); chosenNode.style.borderColor = DATA.legend.selection;
    const selectedItem = el("li"); selectedItem.append(chosenNode, chosen, "selected node and its links");
    row("selection", [selectedItem]);
    if (caseIds.length) {
      row("case verdict (dashed border: framings disagree)", Object.entries(DATA.legend.verdicts).map(([k, c]) => {
        const sw = el("span", { class: "swatch" }); sw.style.background = c;
        const li = el("li"); li.append(sw, k.replace("_", " ")); return li;
      }));
    }
    row("groups", DATA.groups.map((g) => {
      const sw = el("span", { class: "swatch dot" }); sw.style.background = g.colour;
      const li = el("li"); li.append(sw, g.title); return li;
    }));
  }

  /* ---- opening: the address's view, with the focused node's panel open ---- */
  legend();
  if (state.framing) colourCases(state.framing, null);
  if (state.focus) panel.show(state.focus);
  apply("replace");
  if (state.focus) select(state.focus);
  network.once("afterDrawing", () => {
    window.explorerStabilizedAt = performance.now();
    window.explorerStabilizedMs = window.explorerStabilizedAt - started;
    document.body.dataset.ready = "true";
  });
  network.redraw();
  window.explorer = {
    network, nodes, edges, goTo, focusOn, select, colourCases, setCases, setSources,
    search: finder ? finder.search : null,
    showPanel: panel.show,
    visibleIds: () => [...view.ids].sort(),
    state: () => Object.assign({}, state),
    showAll: () => $("unfocus-button").click(),
  };
})();
