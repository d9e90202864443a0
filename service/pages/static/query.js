// The alignkg query page: YASGUI (vendored, served from this machine) set up so that it
// talks to this endpoint only. Everything YASGUI would fetch from elsewhere is replaced:
// prefixes come from the ontology's prefix map, term completion from this endpoint, and
// no completer calls an outside vocabulary service.
"use strict";

const examples = JSON.parse(document.getElementById("examples-data").textContent);
const prefixes = JSON.parse(document.getElementById("prefixes-data").textContent);
const ENDPOINT = new URL("/sparql", location.origin).href;
const TERMS_PAGE_PREFIX = "ak";
const { Yasqe, Yasr } = Yasgui;

// --- completion, all local ------------------------------------------------------------

/** `PREFIX` completion offers the ontology's prefixes, not the bundled web-wide list. */
Yasqe.forkAutocompleter("prefixes", {
  name: "alignkgPrefixes",
  persistenceId: null,
  get: () => Object.entries(prefixes).map(([p, iri]) => `${p}: <${iri}>`).sort(),
});

// The classes and properties this endpoint knows (declared, or used as a type or a
// predicate), asked of the endpoint itself the first time completion needs them.
const PROLOGUE = Object.entries(prefixes).map(([p, iri]) => `PREFIX ${p}: <${iri}>`).join("\n");
const TERMS_QUERY = `${PROLOGUE}
SELECT DISTINCT ?term ?kind WHERE {
  { ?term a owl:Class BIND("class" AS ?kind) }
  UNION { [] a ?term BIND("class" AS ?kind) }
  UNION { ?term a ?declared BIND("property" AS ?kind)
          VALUES ?declared {
            owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty rdf:Property
          } }
  UNION { [] ?term [] BIND("property" AS ?kind) }
  FILTER(isIRI(?term))
}`;
// The most pages of terms asked (each as long as the endpoint's row cap allows).
const MAX_TERM_PAGES = 20;
let knownTerms = null;

/** The endpoint's classes and properties, page by page while its row cap cuts them. */
async function fetchTerms() {
  const classes = new Set();
  const properties = new Set();
  let offset = 0;
  for (let page = 0; page < MAX_TERM_PAGES; page++) {
    const response = await fetch(ENDPOINT, {
      method: "POST",
      headers: {
        "Content-Type": "application/sparql-query",
        Accept: "application/sparql-results+json",
      },
      body: `${TERMS_QUERY}\nORDER BY ?term ?kind OFFSET ${offset}`,
    });
    if (!response.ok) break;
    const result = await response.json();
    const rows = result.results.bindings;
    for (const row of rows) (row.kind.value === "class" ? classes : properties).add(row.term.value);
    const cut = result["x-alignkg"];
    if (!cut || !cut.truncated || rows.length === 0) break;
    offset += rows.length;
  }
  return { classes: [...classes].sort(), properties: [...properties].sort() };
}

function loadTerms() {
  if (knownTerms === null) {
    knownTerms = fetchTerms().catch(() => {
      knownTerms = null; // the next completion asks again
      return { classes: [], properties: [] };
    });
  }
  return knownTerms;
}

/** A completer that offers this endpoint's terms of one kind, in place of a remote one. */
function localTermCompleter(base, name, kind) {
  Yasqe.forkAutocompleter(base, {
    name,
    autoShow: true,
    get: (yasqe, token) => {
      const typed = token && token.autocompletionString;
      if (!typed || !token.string.trim()) return Promise.resolve([]);
      return loadTerms().then((terms) => terms[kind].filter((iri) => iri.startsWith(typed)));
    },
  });
}
localTermCompleter("class", "alignkgClasses", "classes");
localTermCompleter("property", "alignkgProperties", "properties");
// Forking registers the new completers beside the old; only the local ones stay on.
Yasqe.defaults.autocompleters = [
  "variables", "alignkgPrefixes", "alignkgClasses", "alignkgProperties",
];

// --- results ------------------------------------------------------------------------

/** The endpoint's problem+json (RFC 9457) as a readable message; YASR alone prints the
 * raw response text. */
function renderProblem(error) {
  let problem;
  try {
    problem = JSON.parse(error.text);
  } catch {
    return Promise.resolve(undefined);
  }
  if (!problem || typeof problem !== "object" || !problem.title) return Promise.resolve(undefined);
  const box = document.createElement("div");
  box.className = "problem";
  box.setAttribute("role", "alert");
  const title = document.createElement("p");
  title.className = "problem-title";
  title.textContent = problem.status ? `${problem.title} (HTTP ${problem.status})` : problem.title;
  box.appendChild(title);
  if (problem.detail) {
    const detail = document.createElement("p");
    detail.className = "problem-detail";
    detail.textContent = problem.detail;
    box.appendChild(detail);
  }
  return Promise.resolve(box);
}
Yasr.defaults.errorRenderers = [renderProblem];

/** The table view, with alignkg's own terms linked to their pages here and a note when
 * the endpoint cut the rows at its cap. */
class AlignkgTable extends Yasr.plugins.table {
  getUriLinkFromBinding(binding, knownPrefixes) {
    const html = super.getUriLinkFromBinding(binding, knownPrefixes);
    const local = termPageLocalName(binding.value);
    if (local === null) return html;
    const cell = document.createElement("template");
    cell.innerHTML = html;
    const link = cell.content.querySelector("a");
    link.href = `/terms/${TERMS_PAGE_PREFIX}:${local}`;
    link.target = "_self";
    link.removeAttribute("ref");
    link.title = binding.value;
    return cell.innerHTML;
  }

  draw(config) {
    const drawn = super.draw(config);
    const limit = truncatedAt(this.yasr.results);
    if (limit !== null) {
      // Above the table; YASR empties this element before it draws the next result.
      const note = document.createElement("p");
      note.className = "truncated";
      note.setAttribute("role", "status");
      note.textContent =
        `Only the first ${limit} rows: the endpoint returns at most ${limit} rows per query.`;
      this.yasr.resultsEl.prepend(note);
    }
    return drawn;
  }
}
Yasr.registerPlugin("table", AlignkgTable);

/** The local name of an alignkg term IRI that has a page here, else null. */
function termPageLocalName(iri) {
  const ns = prefixes[TERMS_PAGE_PREFIX];
  if (!iri.startsWith(ns)) return null;
  const local = iri.slice(ns.length);
  return local && !/[/#]/.test(local) ? local : null;
}

/** The row cap a SPARQL JSON result was cut at (the endpoint's x-alignkg member), or null. */
function truncatedAt(results) {
  const text = results && results.getData && results.getData();
  if (typeof text !== "string" || !text.includes('"x-alignkg"')) return null;
  try {
    const marker = JSON.parse(text)["x-alignkg"];
    return marker && marker.truncated ? marker.rowLimit : null;
  } catch {
    return null;
  }
}

// --- the editor -----------------------------------------------------------------------

const root = document.getElementById("yasgui");
const menus = document.getElementById("yasgui-menus");
const yasgui = new Yasgui(root, {
  persistenceId: "alignkg-query",
  requestConfig: { endpoint: ENDPOINT },
  copyEndpointOnNewTab: true,
  // The catalogue suggests this endpoint only (YASGUI's own suggests public ones).
  endpointCatalogueOptions: { getData: () => [{ endpoint: ENDPOINT }] },
  // A tab's right-click menu goes outside the tab list, which may hold only tabs.
  contextMenuContainer: menus,
  yasqe: {
    value: examples[0].query,
    collapsePrefixesOnLoad: true,
    // An editable region (not CodeMirror's hidden textarea) that screen readers follow
    // and that sits inside the editor's scrolling area, so keyboard users reach it.
    inputStyle: "contenteditable",
    screenReaderLabel: "SPARQL query",
  },
  yasr: { prefixes },
});

// A first visit opens on the first example, in a tab named after it; later visits keep
// the visitor's tabs. (New tabs start from the same query, under YASGUI's "Query".)
const tabIds = yasgui.persistentConfig.getTabs();
const onlyTab = tabIds.length === 1 ? yasgui.getTab(tabIds[0]) : undefined;
const untouched = (tab) =>
  tab.name() === Yasgui.defaults.tabName &&
  tab.getPersistedJson().yasqe.value === examples[0].query;
if (onlyTab && untouched(onlyTab)) {
  onlyTab.setName(examples[0].title);
}

// --- accessibility fixes from our side (the vendored build stays as released) ---------

/** The "+" button sits inside YASGUI's tab list, where only tabs may be: move it after
 * the list. With no button to insert before, YASGUI appends new tabs at the list's end. */
function moveAddTabButton() {
  const tabList = yasgui.tabElements;
  const button = tabList.addTabEl;
  const list = button && button.parentElement;
  if (!list) return;
  const row = document.createElement("div");
  row.className = "tabsRow";
  list.before(row);
  row.append(list, button);
  button.classList.add("addTabOutside");
  tabList.addTabEl = null;
}

/** ARIA that YASGUI's own elements lack: names for its unlabelled inputs, and the role
 * of CodeMirror's editable region (marked "presentation", yet its completion gives it
 * aria-autocomplete, which only a textbox may have). */
const MISSING_ARIA = [
  [".controlbar input.autocomplete", { "aria-label": "SPARQL endpoint" }],
  ["select.tableSizer", { "aria-label": "Rows per page" }],
  [".tab input", { "aria-label": "Tab name" }],
  [".yasr table.dataTable thead th:first-child", { "aria-label": "Row number" }],
  [".CodeMirror-code[contenteditable]", { role: "textbox", "aria-multiline": "true" }],
];

function addMissingAria() {
  for (const [selector, attributes] of MISSING_ARIA) {
    for (const element of root.querySelectorAll(selector)) {
      for (const [name, value] of Object.entries(attributes)) {
        if (element.getAttribute(name) !== value) element.setAttribute(name, value);
      }
    }
  }
}

moveAddTabButton();
addMissingAria();
new MutationObserver(addMissingAria).observe(root, { childList: true, subtree: true });

const picker = document.getElementById("example");
examples.forEach((example, index) => {
  const option = document.createElement("option");
  option.value = String(index);
  option.textContent = example.title;
  picker.appendChild(option);
});

/** Each example opens in its own tab, named by its title (or goes back to that tab). */
function openExample(example) {
  const tabs = yasgui.persistentConfig.getTabs().map((id) => yasgui.getTab(id));
  const open = tabs.find((tab) => tab && tab.name() === example.title);
  if (open) {
    yasgui.selectTabId(open.getId());
    return;
  }
  yasgui.addTab(true, { name: example.title, yasqe: { value: example.query } });
}

picker.addEventListener("change", () => {
  if (picker.value === "") return;
  openExample(examples[Number(picker.value)]);
  picker.value = "";
});
