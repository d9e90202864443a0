/* alignkg explorer, search box: an ARIA combobox. Terms come from the server's GET /search
   (ontology/terms/search.py, the one search of terms, with its spelling rules); cases and
   sources, which that search does not cover, are matched here on the words of their
   titles. Typing asks (debounced, stale answers dropped), arrows move through the hits,
   Enter picks one, Escape closes the list. Every node of the graph can be found, whatever
   the view shows. */
const ExplorerSearch = (function () {
  "use strict";
  const MOST = 10;      // hits offered
  const TERMS_KEPT = 6; // term hits kept when cases or sources match too

  function words(text) {
    return String(text || "").toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .split(/[^a-z0-9]+/).filter(Boolean);
  }

  /* Cases and sources whose title holds every word typed (as the start of one of its
     words), titles that start with the query first. */
  function titleMatches(details, query) {
    const wanted = words(query);
    if (!wanted.length) return [];
    const hits = [];
    for (const [id, d] of Object.entries(details)) {
      if (d.kind !== "case" && d.kind !== "source") continue;
      const have = words(d.label);
      if (!wanted.every((w) => have.some((h) => h.startsWith(w)))) continue;
      hits.push([have[0] && have[0].startsWith(wanted[0]) ? 0 : 1, d.kind === "case" ? 0 : 1, d.label, id]);
    }
    hits.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2].localeCompare(b[2]));
    return hits.map((h) => h[3]);
  }

  /* `url`: the server's search; `details`: every node; `pick(id)`: show the node. */
  function create(url, details, pick, status) {
    const box = document.getElementById("search");
    const results = document.getElementById("search-results");
    const form = document.getElementById("search-form");
    const found = { query: null, ids: [], active: -1, asked: 0, timer: null };
    const label = (id) => (details[id] && details[id].label) || id;

    async function search(query) {
      const q = String(query || "").trim().slice(0, 200);
      if (!q) return [];
      const params = new URLSearchParams({ q: q, limit: String(MOST) });
      const response = await fetch(url + "?" + params, { headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error("search answered " + response.status);
      const body = await response.json();
      const terms = body.results.map((hit) => hit.curie).filter((id) => details[id]);
      const titled = titleMatches(details, q);
      const kept = terms.slice(0, Math.max(TERMS_KEPT, MOST - titled.length));
      return kept.concat(titled).slice(0, MOST);
    }

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
        const li = ExplorerPanel.el("li", { id: "search-option-" + i, role: "option", "aria-selected": "false" });
        li.append(ExplorerPanel.el("span", { class: "option-label" }, label(id)),
                  ExplorerPanel.el("small", null, details[id].kind + " · " + id));
        li.dataset.id = id;
        li.addEventListener("mousedown", (ev) => { ev.preventDefault(); choose(id); });
        return li;
      }));
      openList(ids.length > 0);
      setActive(ids.length ? 0 : -1);
    }
    function ask(query) {
      const asked = ++found.asked;
      return search(query).then(
        (ids) => (asked === found.asked ? ids : null),
        () => { if (asked === found.asked) status("search is not available"); return null; });
    }
    function suggest() {
      clearTimeout(found.timer);
      const query = box.value;
      if (!query.trim()) { found.asked++; showResults(query, []); return; }
      ask(query).then((ids) => { if (ids) showResults(query, ids); });
    }
    function choose(id) { openList(false); box.value = label(id); pick(id); }
    function move(step) {
      if (results.hidden) {
        if (found.query === box.value && found.ids.length) { openList(true); setActive(0); } else suggest();
        return;
      }
      const count = found.ids.length;
      if (count) setActive((found.active + step + count) % count);
    }

    box.setAttribute("aria-expanded", "false");
    box.addEventListener("input", () => { clearTimeout(found.timer); found.timer = setTimeout(suggest, 120); });
    box.addEventListener("blur", () => openList(false));
    box.addEventListener("keydown", (ev) => {
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") { ev.preventDefault(); move(ev.key === "ArrowDown" ? 1 : -1); }
      else if (ev.key === "Escape" && !results.hidden) { ev.preventDefault(); openList(false); }
    });
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      clearTimeout(found.timer);
      const query = box.value;
      if (!results.hidden && found.query === query && found.active >= 0) { choose(found.ids[found.active]); return; }
      ask(query).then((ids) => {
        if (ids === null) return;
        if (ids.length) choose(ids[0]);
        else { showResults(query, []); status("no match for “" + query + "”"); }
      });
    });
    return { search };
  }

  return { create, titleMatches };
})();
