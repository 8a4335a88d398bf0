// The search page /suche/: queries the Pagefind bundles published with the site
// (<base>pagefind/<shard>/pagefind.js, WebAssembly; no other host) and lists title,
// date and teaser of each matching article.  The query is the ?q= parameter,
// so the search form in the header (GET /suche/?q=…) lands here with results.
const root = document.querySelector("[data-search]");
if (root) {
  const base = root.dataset.base || "/";
  const form = root.querySelector("form");
  const input = form.querySelector("input[name=q]");
  const status = root.querySelector(".search-status");
  const list = root.querySelector(".search-results");
  let pagefind = null;
  let latest = 0;

  const show = (text) => { status.textContent = text; };

  const item = (data) => {
    const li = document.createElement("li");
    li.className = "search-hit";
    const heading = document.createElement("h2");
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    heading.append(link);
    li.append(heading);
    if (data.meta.date) {
      const time = document.createElement("time");
      time.className = "search-date";
      if (data.meta.datetime) time.dateTime = data.meta.datetime;
      time.textContent = data.meta.date;
      li.append(time);
    }
    const teaser = document.createElement("p");
    teaser.className = "search-teaser";
    teaser.textContent = data.meta.teaser || "";
    li.append(teaser);
    return li;
  };

  const run = async (query) => {
    const mine = ++latest;
    const words = query.trim();
    if (!words) { list.replaceChildren(); show(""); return; }
    if (!pagefind) return;
    const found = await pagefind.search(words);
    const hits = await Promise.all(found.results.slice(0, 20).map((r) => r.data()));
    if (mine !== latest) return;
    list.replaceChildren(...hits.map(item));
    const n = found.results.length;
    show(n === 0 ? `Keine Treffer für „${words}“.`
      : `${n} Treffer für „${words}“${n > 20 ? " (die ersten 20)" : ""}.`);
  };

  const params = new URLSearchParams(window.location.search);
  input.value = params.get("q") || "";
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    window.history.replaceState(null, "", url);
    run(input.value);
  });
  let timer = 0;
  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => run(input.value), 200);
  });
  try {
    // The index comes in shards (one Pagefind bundle per month of the newest year, per year before it),
    // listed newest first in pagefind/shards.json: the newest is loaded, the others merged into it;
    // Pagefind then ranks the hits of all shards together.
    const listed = await fetch(`${base}pagefind/shards.json`);
    if (!listed.ok) throw new Error(`shards.json: ${listed.status}`);
    const shards = (await listed.json()).shards;
    if (shards.length === 0) {
      pagefind = { search: async () => ({ results: [] }) };  // no published article yet
    } else {
      const first = await import(`${base}pagefind/${shards[0]}/pagefind.js`);
      await first.options({ baseUrl: base });
      await Promise.all(shards.slice(1).map((shard) => first.mergeIndex(`${base}pagefind/${shard}/`,
        { baseUrl: base })));
      pagefind = first;
    }
    run(input.value);
  } catch (error) {
    show("Die Suche ist gerade nicht verfügbar. Bitte versuchen Sie es später noch einmal.");
  }
}
