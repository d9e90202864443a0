/* The classify page: read a description, ask the fewest questions, show every framing.
 *
 * All classification is the service's (POST /classify); this script keeps the state
 * (description, answers, "don't know"s, the declared partition) in the address's fragment
 * so a classification can be linked, and renders each answer. No library, nothing remote.
 */
"use strict";
(function () {
  const FACTS = JSON.parse(document.getElementById("fact-data").textContent);
  const LABEL = Object.fromEntries(FACTS.map((f) => [f.name, f.label]));
  const PARTITION = "outOfDomainSafetyIsRewardsJob";
  const $ = (id) => document.getElementById(id);
  const state = { d: "", a: {}, s: [], p: null };
  let answer = null;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    children.forEach((c) => node.append(c));
    return node;
  }

  /* ---- state <-> address fragment ---- */
  function readState() {
    const params = new URLSearchParams(location.hash.slice(1));
    state.d = params.get("d") || "";
    state.a = {};
    (params.get("a") || "").split(",").filter(Boolean).forEach((pair) => {
      const [name, value] = pair.split(":");
      if (LABEL[name]) state.a[name] = value === "1";
    });
    state.s = (params.get("s") || "").split(",").filter((n) => LABEL[n] || n === PARTITION);
    const p = params.get("p");
    state.p = p === "reward" || p === "training" ? p : null;
  }
  function writeState() {
    const params = new URLSearchParams();
    if (state.d) params.set("d", state.d);
    const answered = Object.entries(state.a).map(([n, v]) => n + ":" + (v ? 1 : 0));
    if (answered.length) params.set("a", answered.join(","));
    if (state.s.length) params.set("s", state.s.join(","));
    if (state.p) params.set("p", state.p);
    history.replaceState(null, "", "#" + params.toString());
    $("permalink").href = location.href;
  }

  /* ---- asking the service ---- */
  async function run() {
    writeState();
    const body = {};
    if (state.d.trim()) body.description = state.d;
    // "Don't know" goes as null: unknown on purpose, so nothing is presumed for it either.
    const unknown = state.s.filter((n) => n !== PARTITION && !(n in state.a));
    const facts = { ...Object.fromEntries(unknown.map((n) => [n, null])), ...state.a };
    if (Object.keys(facts).length) body.facts = facts;
    if (state.p) body.partition = state.p;
    if (!body.description && !body.facts) return;
    const response = await fetch("/classify", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
    });
    const data = await response.json();
    if (!response.ok) {
      $("overall").textContent = "Could not classify: " + (data.detail || response.status);
      $("verdict-section").hidden = false;
      return;
    }
    answer = data;
    render();
  }

  /* ---- rendering ---- */
  function renderText() {
    const box = $("text");
    box.replaceChildren();
    if (!state.d) { box.hidden = true; return; }
    const marks = [...answer.evidence].sort((x, y) => x.start - y.start);
    let at = 0;
    marks.forEach((e) => {
      if (e.start < at) return; // overlapping evidence: the first one shown is enough
      box.append(state.d.slice(at, e.start));
      box.append(el("mark", { "data-fact": e.fact, title: LABEL[e.fact] + ": " + (e.value ? "yes" : "no") },
        state.d.slice(e.start, e.end)));
      at = e.end;
    });
    box.append(state.d.slice(at));
    box.hidden = false;
  }

  function renderFacts() {
    const list = $("facts");
    list.replaceChildren();
    const read = new Set(answer.evidence.map((e) => e.fact));
    Object.entries(answer.facts).forEach(([name, value]) => {
      const origin = name in state.a ? "your answer" : read.has(name) ? "read from the text" : "implied by the text";
      const flip = el("button", { type: "button", class: "secondary", "data-overrule": name },
        "Overrule: " + (value ? "no" : "yes"));
      flip.addEventListener("click", () => { state.a[name] = !value; run(); });
      list.append(el("li", { "data-fact": name }, el("strong", {}, LABEL[name] || name), ": " + (value ? "yes" : "no") + " ",
        el("span", { class: "kind" }, origin), " ", flip));
    });
    Object.entries(answer.presumed || {}).forEach(([name, value]) => {
      const flip = el("button", { type: "button", class: "secondary", "data-overrule": name },
        "Overrule: " + (value ? "no" : "yes"));
      flip.addEventListener("click", () => { state.a[name] = !value; run(); });
      const clear = el("button", { type: "button", class: "secondary", "data-clear": name }, "Don't presume");
      clear.addEventListener("click", () => { state.s.push(name); run(); });
      list.append(el("li", { "data-fact": name, "data-presumed": "" }, el("strong", {}, LABEL[name] || name), ": " + (value ? "yes" : "no") + " ",
        el("span", { class: "kind" }, "presumed: the text would say so if it held"), " ", flip, " ", clear));
    });
    Object.entries(answer.implied || {}).forEach(([name, value]) => {
      list.append(el("li", { "data-fact": name }, el("strong", {}, LABEL[name] || name), ": " + (value ? "yes" : "no") + " ",
        el("span", { class: "kind" }, "implied by the others")));
    });
    $("facts-section").hidden = !list.children.length;
  }

  function answerQuestion(fact, value) {
    if (fact === PARTITION) {
      if (value === null) state.s.push(fact); else state.p = value ? "reward" : "training";
    } else if (value === null) {
      state.s.push(fact);
    } else {
      state.a[fact] = value;
    }
    run();
  }

  function renderQuestions() {
    const list = $("questions");
    list.replaceChildren();
    answer.questions.filter((q) => !state.s.includes(q.fact)).forEach((q) => {
      const buttons = el("span", { class: "answers" });
      [["Yes", true], ["No", false], ["Don't know", null]].forEach(([word, value]) => {
        const b = el("button", { type: "button", "data-answer": word.toLowerCase() }, word);
        b.addEventListener("click", () => answerQuestion(q.fact, value));
        buttons.append(b);
      });
      list.append(el("li", { "data-question": q.fact }, q.question, " ", buttons,
        el("div", { class: "muted" }, "If yes: " + q.if_yes + "; if no: " + q.if_no + ".")));
    });
    $("questions-section").hidden = !list.children.length;
  }

  function renderVerdict() {
    const overall = $("overall");
    overall.replaceChildren("Overall: ", el("span", { class: "verdict-word", id: "verdict-word" }, answer.verdict));
    if (answer.partition) overall.append(" (declared: out-of-domain safety is the " + answer.partition + (answer.partition === "reward" ? " function's" : " process's") + " job)");
    const disagree = $("disagreement");
    disagree.replaceChildren();
    if (answer.ambiguous) {
      const items = Object.entries(answer.disagreement).map(([v, fs]) => el("li", {}, v + ": " + fs.join(", ")));
      disagree.append(el("p", {}, "The framings disagree:"), el("ul", {}, ...items));
    }
    const rows = $("framings").querySelector("tbody");
    rows.replaceChildren();
    answer.framings.forEach((f) => {
      rows.append(el("tr", { "data-framing": f.framing }, el("td", {}, f.label), el("td", {}, f.verdict), el("td", {}, f.rule)));
    });
    $("verdict-section").hidden = false;
  }

  function renderSimilar() {
    const list = $("similar");
    list.replaceChildren();
    (answer.similar || []).forEach((c) => {
      const review = el("button", { type: "button", class: "secondary" }, "Review its facts");
      review.addEventListener("click", () => suggest(c.id));
      list.append(el("li", {}, el("a", { href: "/cases/" + encodeURIComponent(c.id) }, c.title),
        " — documented verdict " + c.verdict + " ", review));
    });
    $("similar-section").hidden = !list.children.length;
  }

  /* A documented case's facts, offered one by one; nothing is applied until confirmed. */
  async function suggest(id) {
    const box = $("suggestions");
    const response = await fetch("/cases/" + encodeURIComponent(id), { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    const known = (await response.json()).facts;
    const form = el("form", { id: "suggestion-form" }, el("p", {}, "Facts documented for " + id + ": tick the ones that hold for your case too."));
    Object.entries(known).forEach(([name, value]) => {
      const id2 = "suggest-" + name;
      form.append(el("div", {}, el("input", { type: "checkbox", id: id2, value: name, "data-value": value ? "1" : "0" }),
        el("label", { for: id2, style: "display:inline;font-weight:400" }, " " + (LABEL[name] || name) + ": " + (value ? "yes" : "no"))));
    });
    form.append(el("button", { type: "submit" }, "Use the ticked facts"));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      form.querySelectorAll("input:checked").forEach((box2) => { state.a[box2.value] = box2.dataset.value === "1"; });
      box.replaceChildren();
      run();
    });
    box.replaceChildren(form);
  }

  function render() {
    // A count of answers rendered, so a reader (or a test) can wait for the next one.
    document.body.dataset.renders = String(Number(document.body.dataset.renders || 0) + 1);
    renderText();
    renderFacts();
    renderQuestions();
    renderVerdict();
    renderSimilar();
    $("keep-section").hidden = false;
  }

  /* ---- keeping it ---- */
  function download(name, type, text) {
    const link = el("a", { href: URL.createObjectURL(new Blob([text], { type })), download: name });
    document.body.append(link);
    link.click();
    link.remove();
  }
  function turtleString(text) {
    return '"' + text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\r/g, "\\r") + '"';
  }
  function turtle() {
    const lines = ["@prefix ak: <https://w3id.org/alignkg/> .", "@prefix dcterms: <http://purl.org/dc/terms/> .", "",
      "[] a ak:FailureCase ;"];
    if (state.d) lines.push("    dcterms:description " + turtleString(state.d) + "@en ;");
    Object.entries(answer.facts).forEach(([n, v]) => lines.push("    ak:" + n + " " + v + " ;"));
    lines.push("    ak:computedVerdict " + turtleString(answer.verdict) + " .");
    return lines.join("\n") + "\n";
  }
  $("download-json").addEventListener("click", () =>
    download("case.json", "application/json", JSON.stringify({ description: state.d, facts: answer.facts, partition: state.p, classification: answer }, null, 2)));
  $("download-turtle").addEventListener("click", () => download("case.ttl", "text/turtle", turtle()));
  $("submit-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    // Only your answers go as facts: the service reads the description again, so facts
    // taken from the text are stored as read from it, not as your word.
    const body = { title: $("case-title").value || undefined, facts: state.a };
    if (state.d) body.description = state.d;
    if (state.p) body.partition = state.p;
    const response = await fetch("/cases", {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: "Bearer " + $("api-key").value },
      body: JSON.stringify(body),
    });
    const data = await response.json();
    const out = $("submitted");
    out.replaceChildren(response.ok
      ? el("a", { href: "/cases/" + encodeURIComponent(data.id) }, "Stored as " + data.id)
      : "Not stored: " + (data.detail || response.status));
  });

  /* ---- starting ---- */
  $("describe-form").addEventListener("submit", (event) => {
    event.preventDefault();
    state.d = $("description").value;
    state.a = {}; state.s = []; state.p = null;
    run();
  });
  $("reset").addEventListener("click", () => {
    state.d = ""; state.a = {}; state.s = []; state.p = null;
    $("description").value = "";
    history.replaceState(null, "", location.pathname);
    ["text", "facts-section", "questions-section", "verdict-section", "similar-section", "keep-section"].forEach((id) => { $(id).hidden = true; });
  });
  readState();
  if (state.d || Object.keys(state.a).length) {
    $("description").value = state.d;
    run();
  }
})();
