/* alignkg explorer, side panel: what the selected node is, in words. A term shows its
   definitions under each framing; a case its verdict under each framing, the question that
   would settle it, and its facts as the ontology words them (labels and questions from
   ontology/facts.py, embedded by the server). */
const ExplorerPanel = (function () {
  "use strict";

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    if (attrs) for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  /* Whether white text reads better than dark on this fill (WCAG relative luminance). */
  function darkFill(hex) {
    const channel = (i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    };
    const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
    return (1.05) / (luminance + 0.05) > (luminance + 0.05) / 0.05;
  }

  function sentence(text) { return text ? text.charAt(0).toUpperCase() + text.slice(1) : text; }

  /* `data`: the page data; `near`: undirected neighbours; `go(id)`: show a node. */
  function create(data, near, go) {
    const details = data.details;
    const panel = document.getElementById("panel");
    const body = document.getElementById("panel-body");
    const label = (id) => (details[id] && details[id].label) || id;
    let shown = null;

    function nodeLink(id) {
      const button = el("button", { type: "button", class: "linklike", "data-id": id }, label(id));
      button.addEventListener("click", () => go(id));
      return button;
    }
    function section(title, items, more) {
      if (!items.length) return;
      body.appendChild(el("h3", null, title));
      const ul = el("ul");
      items.forEach((item) => { const li = el("li"); li.append(item); ul.appendChild(li); });
      if (more) ul.appendChild(el("li", { class: "note" }, more));
      body.appendChild(ul);
    }
    function verdictBadge(verdict) {
      const span = el("span", { class: "verdict" }, verdict.replace("_", " "));
      const fill = data.legend.verdicts[verdict] || "#ffffff";
      span.style.background = fill;
      span.style.color = darkFill(fill) ? "#ffffff" : "#1c2833";
      return span;
    }

    function termPanel(id, d) {
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
      const groups = data.groups.filter((g) => g.members.includes(id)).map((g) => g.title);
      if (groups.length) body.appendChild(el("p", { class: "note" }, "in: " + groups.join(", ")));
      // A source lists what cites it; anything else, the cases that exhibit it.
      const citedBy = d.kind === "source";
      const listed = [...(near.get(id) || [])]
        .filter((n) => citedBy || details[n].kind === "case")
        .sort((a, b) => label(a).localeCompare(label(b)));
      const more = listed.length > 30 ? "and " + (listed.length - 30) + " more (focus to see them all)" : "";
      section(citedBy ? "Cited by" : "Cases that exhibit it", listed.slice(0, 30).map(nodeLink), more);
    }

    function settling(v) {
      const q = v.settling;
      const box = el("section", { class: "settling" });
      box.appendChild(el("h3", null, "What would settle it"));
      if (!q) {
        box.appendChild(el("p", { class: "note" }, v.computed_by === "classifier"
          ? "Nothing: the facts decide the verdict under every framing."
          : "Not known: the classifier did not run on this case."));
        return box;
      }
      box.appendChild(el("p", { class: "question" }, q.question));
      const answers = el("p", { class: "note" });
      answers.append("yes: ", verdictBadge(q.if_yes), "  no: ", verdictBadge(q.if_no));
      const fact = data.facts[q.fact];
      if (fact) answers.append(" ", el("span", null, "(" + fact.label + ")"));
      box.appendChild(answers);
      return box;
    }

    function facts(d) {
      const provenance = d.provenance || {};
      const names = Object.keys(d.facts || {});
      const order = Object.keys(data.facts);
      names.sort((a, b) => order.indexOf(a) - order.indexOf(b));
      if (!names.length) return;
      body.appendChild(el("h3", null, "Facts, and where each comes from"));
      const dl = el("dl", { class: "case-facts" });
      names.forEach((name) => {
        const words = data.facts[name] || { label: name, question: "" };
        const dt = el("dt", { "data-fact": name, title: words.question }, sentence(words.label) + ": ");
        dt.appendChild(el("span", { class: "answer" }, d.facts[name] ? "yes" : "no"));
        const dd = el("dd");
        const p = provenance[name];
        if (p && p.kind) {
          dd.append(el("span", { class: "badge", title: "provenance" }, p.kind), " ");
          if (p.kind === "source") {
            dd.append(el("span", { class: "note" }, "\u201c" + (p.quote || "") + "\u201d" + (p.locator ? " (" + p.locator + ")" : "")));
          } else {
            dd.append(el("span", { class: "note" }, p.reason || ""));
          }
        }
        dl.append(dt, dd);
      });
      body.appendChild(dl);
    }

    function casePanel(id, d) {
      const v = d.verdicts;
      if (d.description) body.appendChild(el("p", null, d.description));
      const overall = el("p", { class: "overall" });
      overall.append("Verdict: ", verdictBadge(v.verdict));
      if (v.ambiguous) overall.append(" ", el("span", { class: "ambiguous-mark" }, "⚑ framings disagree"));
      body.appendChild(overall);
      if (v.note) body.appendChild(el("p", { class: "note" }, v.note));
      body.appendChild(settling(v));
      if (v.framings.length) {
        const disagreeing = [].concat(...Object.values(v.disagreement || {}));
        const table = el("table", { class: "case-verdicts" });
        table.appendChild(el("tr")).append(el("th", { scope: "col" }, "framing"), el("th", { scope: "col" }, "verdict"));
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
      facts(d);
      section("Exhibits", (d.exhibits || []).map((t) => nodeLink(t.id)));
    }

    function show(id) {
      const d = details[id];
      shown = id;
      body.replaceChildren();
      body.appendChild(el("h2", null, d.label));
      const meta = el("p");
      meta.append(el("span", { class: "badge" }, d.kind));
      if (d.kinds && d.kinds.length && d.kinds[0] !== d.kind) meta.append(el("span", { class: "badge" }, d.kinds[0]));
      meta.append(el("code", null, id));
      body.appendChild(meta);
      if (d.kind === "case") casePanel(id, d); else termPanel(id, d);
      if (d.kind === "source" && d.url) body.appendChild(el("p")).appendChild(el("a", { href: d.url, rel: "noopener" }, "Open the source ↗"));
      section("Sources", d.sources.map((s) => {
        const span = el("span"); span.append(nodeLink(s.id));
        if (s.url) span.append(" ", el("a", { href: s.url, rel: "noopener", "aria-label": "open " + s.label }, "↗"));
        return span;
      }));
      panel.hidden = false;
    }
    function hide() { panel.hidden = true; shown = null; }
    /* Pixels the open panel covers on the right of the canvas. */
    function width() { return panel.hidden ? 0 : panel.getBoundingClientRect().width; }

    document.getElementById("panel-close").addEventListener("click", hide);
    return { show, hide, width, shown: () => shown, el };
  }

  return { create, el };
})();
