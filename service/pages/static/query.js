// The alignkg query page: run SPARQL against /sparql, show rows, download results.
// Plain JavaScript, no libraries, no requests to any other host.
"use strict";

const examples = JSON.parse(document.getElementById("examples-data").textContent);
const prefixes = JSON.parse(document.getElementById("prefixes-data").textContent);
const editor = document.getElementById("query");
const picker = document.getElementById("example");
const statusLine = document.getElementById("status");
const table = document.getElementById("results");
const graphView = document.getElementById("graph-result");
const csvButton = document.getElementById("download-csv");
const jsonButton = document.getElementById("download-json");
let lastQuery = null;
let lastJson = null;

examples.forEach((example, index) => {
  const option = document.createElement("option");
  option.value = String(index);
  option.textContent = example.title;
  picker.appendChild(option);
});

picker.addEventListener("change", () => {
  if (picker.value !== "") editor.value = examples[Number(picker.value)].query;
});

/** The CURIE for an IRI under a known prefix, or null. */
function curie(iri) {
  for (const [prefix, ns] of Object.entries(prefixes)) {
    const local = iri.startsWith(ns) ? iri.slice(ns.length) : "";
    if (local && !local.includes("/") && !local.includes("#")) return `${prefix}:${local}`;
  }
  return null;
}

/** A table cell for one SPARQL JSON term: IRIs of alignkg terms link to their pages. */
function termCell(term) {
  const cell = document.createElement("td");
  if (!term) return cell;
  if (term.type === "uri") {
    const link = document.createElement("a");
    const short = curie(term.value);
    link.textContent = short || term.value;
    link.title = term.value;
    link.href = short && short.startsWith("ak:") ? `/terms/${encodeURI(short)}` : term.value;
    if (!link.href.startsWith(location.origin)) link.rel = "noopener noreferrer";
    cell.appendChild(link);
  } else {
    cell.textContent = term.type === "bnode" ? `_:${term.value}` : term.value;
    const meta = term["xml:lang"] ? `@${term["xml:lang"]}` : "";
    if (meta) {
      const span = document.createElement("span");
      span.className = "literal-meta";
      span.textContent = ` ${meta}`;
      cell.appendChild(span);
    }
  }
  return cell;
}

function showTable(result) {
  const head = table.tHead;
  const body = table.tBodies[0];
  head.replaceChildren();
  body.replaceChildren();
  graphView.hidden = true;
  const vars = "boolean" in result ? ["boolean"] : result.head.vars;
  const rows = "boolean" in result
    ? [{ boolean: { type: "literal", value: String(result.boolean) } }]
    : result.results.bindings;
  const headRow = head.insertRow();
  vars.forEach((name) => {
    const th = document.createElement("th");
    th.textContent = name;
    headRow.appendChild(th);
  });
  rows.forEach((binding) => {
    const row = body.insertRow();
    vars.forEach((name) => row.appendChild(termCell(binding[name])));
  });
  let message = `${rows.length} row${rows.length === 1 ? "" : "s"}`;
  if (result["x-alignkg"] && result["x-alignkg"].truncated) {
    message += ` (truncated at ${result["x-alignkg"].rowLimit} rows)`;
  }
  setStatus(message, false);
}

function setStatus(message, isError) {
  statusLine.textContent = message;
  statusLine.classList.toggle("error", isError);
}

async function post(query, accept) {
  return fetch("/sparql", {
    method: "POST",
    headers: { "Content-Type": "application/sparql-query", Accept: accept },
    body: query,
  });
}

async function run() {
  const query = editor.value;
  setStatus("Running…", false);
  const started = performance.now();
  const response = await post(query, "application/sparql-results+json, text/turtle;q=0.9");
  const type = response.headers.get("content-type") || "";
  if (!response.ok) {
    const problem = type.includes("json") ? await response.json() : { detail: await response.text() };
    setStatus(`${response.status}: ${problem.detail || problem.title}`, true);
    return;
  }
  lastQuery = query;
  if (type.startsWith("text/turtle")) {
    lastJson = null;
    table.tHead.replaceChildren();
    table.tBodies[0].replaceChildren();
    graphView.textContent = await response.text();
    graphView.hidden = false;
    setStatus("graph result (Turtle)", false);
  } else {
    lastJson = await response.json();
    showTable(lastJson);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  statusLine.textContent += ` in ${seconds} s`;
  csvButton.disabled = lastJson === null || "boolean" in lastJson;
  jsonButton.disabled = lastJson === null;
}

function save(blob, name) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(link.href);
}

csvButton.addEventListener("click", async () => {
  if (lastQuery === null) return;
  const response = await post(lastQuery, "text/csv");
  save(await response.blob(), "results.csv");
});

jsonButton.addEventListener("click", () => {
  if (lastJson === null) return;
  save(new Blob([JSON.stringify(lastJson, null, 2)], { type: "application/json" }), "results.json");
});

document.getElementById("run").addEventListener("click", () => {
  run().catch((error) => setStatus(String(error), true));
});
editor.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    run().catch((error) => setStatus(String(error), true));
  }
});
