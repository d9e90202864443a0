// The search box's suggestions: an ARIA 1.2 combobox (list autocomplete) over GET /suggest.
//
// Without this script the box is a plain GET form to /search. With it, typing lists the
// terms whose labels start with what was typed; ArrowDown / ArrowUp move through them
// (the input keeps focus, aria-activedescendant names the active option), Enter opens the
// active one's page (or, with none active, submits the form), Escape closes the list and,
// with the list already closed, clears the box.
(function () {
  "use strict";

  const LIMIT = 8;
  const PAUSE_MS = 120; // ask once typing pauses, not on every key
  const MAX_QUERY = 100; // /suggest refuses longer text

  function termUrl(curie) {
    return "/terms/" + curie.split(":").map(encodeURIComponent).join(":");
  }

  function enhance(input) {
    const form = input.form;
    const list = document.createElement("ul");
    list.id = input.id + "-options";
    list.className = "site-search-options";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Matching terms");
    list.hidden = true;
    input.after(list);
    const status = document.createElement("p"); // read out: how many terms match
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    form.append(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    let active = -1;
    let asked = 0; // the number of the latest request: older answers arrive too late
    let timer = 0;

    const options = () => Array.from(list.children);

    function show(open) {
      list.hidden = !open;
      input.setAttribute("aria-expanded", String(open));
      if (!open) activate(-1);
    }

    function activate(index) {
      options().forEach((option, i) => option.setAttribute("aria-selected", String(i === index)));
      active = index;
      if (index < 0) {
        input.removeAttribute("aria-activedescendant");
        return;
      }
      const option = options()[index];
      input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    }

    function fill(suggestions) {
      list.replaceChildren(
        ...suggestions.map((s, i) => {
          const option = document.createElement("li");
          option.id = list.id + "-" + i;
          option.setAttribute("role", "option");
          option.setAttribute("aria-selected", "false");
          option.dataset.href = termUrl(s.curie);
          const code = document.createElement("span");
          code.className = "muted";
          code.textContent = " " + s.curie;
          option.append(s.label, code);
          return option;
        }),
      );
      active = -1;
      const n = suggestions.length;
      status.textContent = n ? n + (n === 1 ? " term matches" : " terms match") : "No term matches";
      show(n > 0);
    }

    async function ask(text) {
      const number = ++asked;
      const query = new URLSearchParams({ q: text, limit: String(LIMIT) });
      try {
        const response = await fetch(input.dataset.suggest + "?" + query, { headers: { Accept: "application/json" } });
        if (!response.ok || number !== asked) return;
        const suggestions = await response.json();
        if (number === asked) fill(suggestions);
      } catch (error) {
        // Offline or refused: the box still works as a plain form, so say nothing more.
        if (number === asked) show(false);
      }
    }

    input.addEventListener("input", () => {
      clearTimeout(timer);
      const text = input.value.trim();
      if (!text || text.length > MAX_QUERY) {
        asked++;
        status.textContent = "";
        show(false);
        return;
      }
      timer = setTimeout(() => ask(text), PAUSE_MS);
    });

    input.addEventListener("keydown", (event) => {
      const count = options().length;
      const open = !list.hidden;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!count) return;
        event.preventDefault();
        if (!open) show(true);
        const step = event.key === "ArrowDown" ? 1 : -1;
        const start = active < 0 ? (step > 0 ? -1 : count) : active;
        activate((start + step + count) % count);
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        window.location.assign(options()[active].dataset.href);
      } else if (event.key === "Escape") {
        if (open) {
          event.preventDefault();
          show(false);
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
          asked++;
          list.replaceChildren();
          status.textContent = "";
        }
      }
    });

    // A click on an option must not blur the box first (that would close the list).
    list.addEventListener("mousedown", (event) => event.preventDefault());
    list.addEventListener("click", (event) => {
      const option = event.target.closest("[role=option]");
      if (option) window.location.assign(option.dataset.href);
    });
    input.addEventListener("blur", () => show(false));
  }

  document.querySelectorAll("input[data-suggest]").forEach(enhance);
})();
