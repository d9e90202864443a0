/* alignkg explorer: our small layer over vis-network (search, side panel, filters, groups).
   Generated pages inline this file; edit it here. Everything runs offline. */
(function () {
  "use strict";
  const DATA = JSON.parse(document.getElementById("explorer-data").textContent);
  const details = DATA.details;
  const started = performance.now();
  const $ = (id) => document.getElementById(id);

  const nodes = new vis.DataSet(DATA.nodes);
  const edges = new vis.DataSet(DATA.edges.map((e, i) => Object.assign({ id: "e" + i }, e)));
  const container = $("network");
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, DATA.options);
  const state = { framing: DATA.view.framing || "", showCases: DATA.view.cases !== false,
                  showSources: DATA.view.sources === true, focus: null, depth: DATA.view.depth || 2 };

  /* ---- stabilisation: record the time, then freeze so nothing keeps drifting ---- */
  function settled(eventName) {
    if (window.explorerStabilizedMs !== undefined) return;
    window.explorerStabilizedAt = performance.now();
    window.explorerStabilizedMs = window.explorerStabilizedAt - started;
    window.explorerStabilizedEvent = eventName;
    network.setOptions({ physics: { enabled: false } });
    nodes.update(DATA.nodes.filter((n) => n.fixed).map((n) => ({ id: n.id, fixed: false })));
    $("status").textContent = nodes.length + " nodes, " + edges.length + " edges";
    document.body.dataset.ready = "true";
  }
  network.once("stabilizationIterationsDone", () => settled("stabilizationIterationsDone"));
  network.once("stabilized", () => settled("stabilized"));
  if (!DATA.options.physics.enabled) network.once("afterDrawing", () => settled("afterDrawing"));

  /* ---- search: the server's GET /search (ontology/terms/search.py), the one search ----
     The box is an ARIA combobox: typing asks the server (debounced, stale answers
     dropped), arrows move through the hits, Enter picks one, Escape closes the list. */
  function label(id) { return (details[id] && details[id].label) || id; }
  async function search(query) {
    const q = String(query || "").trim().slice(0, 200);
    if (!DATA.search || !q) return [];
    const params = new URLSearchParams({ q: q, limit: "50" });
    const response = await fetch(DATA.search + "?" + params, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error("search answered " + response.status);
    const body = await response.json();
    // Hits outside this view (a focus page) cannot be shown, so they are not offered.
    return body.results.map((hit) => hit.curie).filter((id) => details[id] && nodes.get(id)).slice(0, 10);
  }

  function focusNode(id) {
    if (!nodes.get(id)) return false;
    if (nodes.get(id).hidden) { clearFocus(); setCases(true); setSources(true); }
    network.selectNodes([id]);
    network.focus(id, { scale: 1.1, animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    window.explorerHighlighted = id;
    showPanel(id);
    return true;
  }

  const box = $("search"), results = $("search-results");
  const found = { query: null, ids: [], active: -1, asked: 0, timer: null };
  function setActive(index) {
    found.active = index;
    [...results.children].forEach((li, i) => li.setAttribute("aria-selected", i === index ? "true" : "false"));
    if (index >= 0) {
      box.setAttribute("aria-activedescendant", results.children[index].id);
      results.children[index].scrollIntoView({ block: "nearest" });
    } else {
      box.removeAttribute("aria-activedescendant");
    }
  }
  function openList(open) {
    results.hidden = !open;
    box.setAttribute("aria-expanded", open ? "true" : "false");
    if (!open) box.removeAttribute("aria-activedescendant");
  }
  function showResults(query, ids) {
    found.query = query;
    found.ids = ids;
    results.dataset.query = query;
    results.replaceChildren(...ids.map((id, i) => {
      const li = el("li", { id: "search-option-" + i, role: "option", "aria-selected": "false" });
      li.append(el("span", { class: "option-label" }, label(id)),
                el("small", null, details[id].kind + " · " + id));
      li.dataset.id = id;
      li.addEventListener("mousedown", (ev) => { ev.preventDefault(); pick(id); });
      return li;
    }));
    openList(ids.length > 0);
    setActive(ids.length ? 0 : -1);
  }
  function ask(query) {
    const asked = ++found.asked;
    return search(query).then(
      (ids) => (asked === found.asked ? ids : null),
      () => { if (asked === found.asked) $("status").textContent = "search is not available"; return null; });
  }
  function suggest() {
    clearTimeout(found.timer);
    const query = box.value;
    if (!query.trim()) { found.asked++; showResults(query, []); return; }
    ask(query).then((ids) => { if (ids) showResults(query, ids); });
  }
  function pick(id) { openList(false); box.value = label(id); focusNode(id); }
  function move(step) {
    if (results.hidden) {
      if (found.query === box.value && found.ids.length) { openList(true); setActive(0); } else suggest();
      return;
    }
    const count = found.ids.length;
    if (count) setActive((found.active + step + count) % count);
  }
  if (DATA.search) {
    box.setAttribute("aria-expanded", "false");
    box.addEventListener("input", () => { clearTimeout(found.timer); found.timer = setTimeout(suggest, 120); });
    box.addEventListener("blur", () => openList(false));
    box.addEventListener("keydown", (ev) => {
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") { ev.preventDefault(); move(ev.key === "ArrowDown" ? 1 : -1); }
      else if (ev.key === "Escape" && !results.hidden) { ev.preventDefault(); openList(false); }
    });
    $("search-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      clearTimeout(found.timer);
      const query = box.value;
      if (!results.hidden && found.query === query && found.active >= 0) { pick(found.ids[found.active]); return; }
      ask(query).then((ids) => {
        if (ids === null) return;
        if (ids.length) pick(ids[0]);
        else { showResults(query, []); $("status").textContent = "no match for “" + query + "”"; }
      });
    });
  }

  /* ---- side panel ---- */
  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    if (attrs) for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function nodeLink(id) {
    const a = el("a", { class: "linklike", role: "button", tabindex: "0" }, label(id));
    a.addEventListener("click", () => focusNode(id));
    return a;
  }
  function section(body, title, items) {
    if (!items.length) return;
    body.appendChild(el("h3", null, title));
    const ul = el("ul");
    items.forEach((item) => { const li = el("li"); li.append(item); ul.appendChild(li); });
    body.appendChild(ul);
  }
  function showPanel(id) {
    const d = details[id];
    const body = $("panel-body");
    body.replaceChildren();
    body.appendChild(el("h2", null, d.label));
    const meta = el("p");
    meta.append(el("span", { class: "badge" }, d.kind));
    if (d.kinds && d.kinds.length && d.kinds[0] !== d.kind) meta.append(el("span", { class: "badge" }, d.kinds[0]));
    meta.append(el("code", null, id));
    body.appendChild(meta);
    if (d.kind === "case") casePanel(body, id, d); else termPanel(body, id, d);
    section(body, "Sources", d.sources.map((s) => {
      const span = el("span"); span.append(nodeLink(s.id));
      if (s.url) span.append(" ", el("a", { href: s.url, rel: "noopener" }, "↗"));
      return span;
    }));
    $("panel").hidden = false;
  }
  function termPanel(body, id, d) {
    if (d.definition) body.appendChild(el("p", { class: "definition" }, d.definition));
    if (d.alt && d.alt.length) body.appendChild(el("p", { class: "note" }, "also: " + d.alt.join("; ")));
    if (d.href) body.appendChild(el("p")).appendChild(el("a", { href: d.href, class: "term-page" }, "Term page →"));
    const defs = d.definitions || [];
    if (defs.length) {
      body.appendChild(el("h3", null, "Definition under each framing"));
      const dl = el("dl", { class: "framing-definitions" });
      defs.forEach((def) => {
        const dt = el("dt"); dt.append(nodeLink(def.framing));
        const dd = el("dd", null, def.text);
        const cited = def.sources || (def.source ? [def.source] : []);
        if (cited.length) dd.append(" ", el("span", { class: "note" }, "[" + cited.map(label).join("; ") + "]"));
        dl.append(dt, dd);
      });
      body.appendChild(dl);
    }
    const groups = DATA.groups.filter((g) => g.members.includes(id)).map((g) => g.title);
    if (groups.length) body.appendChild(el("p", { class: "note" }, "in: " + groups.join(", ")));
    const near = network.getConnectedNodes(id).filter((n) => details[n].kind === "case");
    section(body, "Cases that exhibit it", near.slice(0, 30).map(nodeLink));
  }
  function verdictBadge(verdict) {
    const span = el("span", { class: "verdict" }, verdict.replace("_", " "));
    span.style.background = DATA.legend.verdicts[verdict] || "#fff";
    return span;
  }
  function casePanel(body, id, d) {
    const v = d.verdicts;
    if (d.description) body.appendChild(el("p", null, d.description));
    const overall = el("p", { class: "overall" });
    overall.append("Verdict: ", verdictBadge(v.verdict));
    if (v.ambiguous) overall.append(" ", el("span", { class: "ambiguous-mark" }, "⚑ framings disagree"));
    body.appendChild(overall);
    if (v.note) body.appendChild(el("p", { class: "note" }, v.note));
    if (v.framings.length) {
      const disagreeing = [].concat(...Object.values(v.disagreement || {}));
      const table = el("table", { class: "case-verdicts" });
      table.appendChild(el("tr")).append(el("th", null, "framing"), el("th", null, "verdict"));
      v.framings.forEach((f) => {
        const tr = el("tr", { "data-framing": f.framing, "data-verdict": f.verdict });
        const name = el("td"); name.append(nodeLink(f.framing));
        const verdict = el("td"); verdict.append(verdictBadge(f.verdict));
        if (disagreeing.includes(f.framing)) {
          tr.classList.add("disagrees");
          verdict.append(" ", el("span", { class: "ambiguous-mark", title: "this framing disagrees" }, "⚑"));
        }
        if (f.set_aside) verdict.append(" ", el("span", { class: "note" }, "(set aside)"));
        tr.append(name, verdict);
        table.appendChild(tr);
      });
      body.appendChild(el("h3", null, "Verdict under each framing"));
      body.appendChild(table);
    }
    if (v.expected && v.computed_by === "classifier") {
      body.appendChild(el("p", { class: "note" }, "documented (expected) verdict: " + v.expected));
    }
    const facts = Object.entries(d.facts || {});
    const provenance = d.provenance || {};
    section(body, "Facts, and where each comes from", facts.map(([k, val]) => {
      const item = el("span", null, k + ": " + (val ? "yes" : "no"));
      const p = provenance[k];
      if (p && p.kind) {
        const why = p.kind === "source" ? "\u201c" + (p.quote || "") + "\u201d" + (p.locator ? " (" + p.locator + ")" : "") : (p.reason || "");
        item.append(" ", el("span", { class: "badge", title: "provenance" }, p.kind), " ", el("span", { class: "note" }, why));
      }
      return item;
    }));
    section(body, "Exhibits", (d.exhibits || []).map((t) => nodeLink(t.id)));
  }
  $("panel-close").addEventListener("click", () => { $("panel").hidden = true; });
  network.on("click", (params) => { if (params.nodes.length) showPanel(params.nodes[0]); });

  /* ---- filters: cases, sources, colour by framing, focus + depth ---- */
  const caseIds = DATA.nodes.filter((n) => n.kind === "case").map((n) => n.id);
  const sourceIds = DATA.nodes.filter((n) => n.kind === "source").map((n) => n.id);
  function visible(id) {
    const kind = details[id].kind;
    if (kind === "case" && !state.showCases) return false;
    if (kind === "source" && !state.showSources) return false;
    return state.focus === null || state.focus.has(id);
  }
  function applyVisibility() {
    nodes.update(DATA.nodes.map((n) => ({ id: n.id, hidden: !visible(n.id) })));
  }
  function setCases(on) { state.showCases = on; $("show-cases").checked = on; applyVisibility(); }
  function setSources(on) { state.showSources = on; $("show-sources").checked = on; applyVisibility(); }
  $("show-cases").addEventListener("change", (ev) => setCases(ev.target.checked));
  $("show-sources").addEventListener("change", (ev) => setSources(ev.target.checked));

  function verdictUnder(id, framing) {
    const v = details[id].verdicts;
    if (!framing) return v.verdict;
    const row = v.framings.find((f) => f.framing === framing);
    return row ? row.verdict : (v.computed_by === "classifier" ? "unknown" : v.verdict);
  }
  function colourCases(framing) {
    state.framing = framing;
    nodes.update(caseIds.map((id) => {
      const verdict = verdictUnder(id, framing);
      return { id: id, verdict: verdict,
               color: { background: DATA.legend.verdicts[verdict] || "#fff", border: "#2c3e50" } };
    }));
  }
  DATA.framings.forEach((f) => $("framing-select").appendChild(el("option", { value: f.id }, f.label)));
  $("framing-select").value = state.framing;
  $("framing-select").addEventListener("change", (ev) => colourCases(ev.target.value));

  function neighbourhood(id, depth) {
    const seen = new Set([id]);
    let frontier = [id];
    for (let step = 0; step < depth; step++) {
      const next = [];
      frontier.forEach((n) => network.getConnectedNodes(n).forEach((m) => {
        if (!seen.has(m)) { seen.add(m); next.push(m); }
      }));
      frontier = next;
    }
    return seen;
  }
  function focusOn(id, depth) {
    state.focus = neighbourhood(id, depth);
    applyVisibility();
    network.fit({ nodes: [...state.focus].filter(visible), animation: false });
  }
  function clearFocus() { state.focus = null; applyVisibility(); }
  $("focus-button").addEventListener("click", () => {
    const chosen = network.getSelectedNodes()[0] || window.explorerHighlighted;
    if (chosen) focusOn(chosen, Number($("depth").value) || 0);
  });
  $("unfocus-button").addEventListener("click", () => { clearFocus(); network.fit(); });
  $("depth").value = state.depth;

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
  network.on("beforeDrawing", (ctx) => {
    DATA.groups.forEach((g) => {
      const ids = g.members.filter((m) => nodes.get(m) && !nodes.get(m).hidden);
      if (!ids.length) return;
      const pts = hull(Object.values(network.getPositions(ids)));
      ctx.save();
      ctx.fillStyle = g.colour;
      grownHull(ctx, pts, 36);
      const top = pts.reduce((a, b) => (b.y < a.y ? b : a));
      ctx.fillStyle = "rgba(44, 62, 80, 0.8)";
      ctx.font = "italic 600 " + Math.round(Math.max(17, 13 / network.getScale())) + "px system-ui, sans-serif";
      ctx.textAlign = "center";
      ctx.fillText(g.title, top.x, top.y - 42);
      ctx.restore();
    });
  });

  /* ---- legend ---- */
  function legend() {
    const box = $("legend");
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

  legend();
  if (state.framing) colourCases(state.framing);
  if (!state.showCases) setCases(false);
  $("show-cases").checked = state.showCases;
  $("show-sources").checked = state.showSources;
  if (DATA.view.focus) { network.selectNodes([DATA.view.focus]); window.explorerHighlighted = DATA.view.focus; }
  window.explorer = { network, nodes, edges, search, focusNode, focusOn, clearFocus, colourCases,
                      setCases, showPanel };
})();
