// The queue: verifications waiting for review (server-side status filter, the spec's paging),
// oldest waiting first within the page; or the results of a search by verification or coach id.
import { el, percent, score, UUID, waited } from "./format.js";

const PAGE_SIZE = 20;

export class Queue {
  constructor(api, config, onSelect) {
    this.api = api;
    this.config = config;
    this.onSelect = onSelect;
    this.items = [];
    this.selected = -1;
    this.page = 1;
    this.total = 0;
    this.search = "";
    this.list = document.getElementById("queue-list");
    this.message = document.getElementById("queue-message");
    document.getElementById("page-prev").addEventListener("click", () => this.load(this.page - 1));
    document.getElementById("page-next").addEventListener("click", () => this.load(this.page + 1));
    document.getElementById("search").addEventListener("submit", (event) => {
      event.preventDefault();
      this.find(document.getElementById("search-input").value.trim());
    });
    document.getElementById("search-clear").addEventListener("click", () => {
      document.getElementById("search-input").value = "";
      this.search = "";
      this.load(1);
    });
  }

  async load(page = this.page) {
    this.page = Math.max(1, page);
    this.show("Loading…");
    try {
      const result = await this.api.get("/verifications", { status: "admin_review_required", limit: PAGE_SIZE, number: this.page - 1 }); // the spec pages from 0
      this.total = result.total;
      // The API lists newest first; a reviewer works oldest waiting first.
      this.render([...result.data].sort((a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt)));
      this.show(result.total ? "" : "Nothing is waiting for review.");
    } catch (error) {
      this.render([]);
      this.show(error.message, true);
    }
  }

  async find(text) {
    if (!UUID.test(text)) return this.show("Enter a verification id or a coach id (a UUID).", true);
    this.search = text;
    this.show("Searching…");
    try {
      let found = [];
      try {
        found = [await this.api.get(`/verifications/${encodeURIComponent(text)}`)];
      } catch (error) {
        if (error.status !== 404) throw error;
        found = (await this.api.get("/verifications", { coachId: text, limit: PAGE_SIZE })).data;
      }
      this.total = found.length;
      this.render(found);
      this.show(found.length ? `${found.length} found for ${text}.` : `Nothing found for ${text}.`);
      if (found.length) this.select(0);
    } catch (error) {
      this.render([]);
      this.show(error.message, true);
    }
  }

  render(items) {
    this.items = items;
    this.selected = -1;
    const searching = Boolean(this.search);
    document.getElementById("search-clear").hidden = !searching;
    document.getElementById("queue-total").textContent = searching ? "" : `(${this.total})`;
    const pages = Math.max(1, Math.ceil(this.total / PAGE_SIZE));
    document.getElementById("page-label").textContent = searching ? "" : `Page ${this.page} of ${pages}`;
    document.getElementById("page-prev").disabled = searching || this.page <= 1;
    document.getElementById("page-next").disabled = searching || this.page >= pages;
    this.list.replaceChildren(...items.map((item, index) => el("li", {}, this.row(item, index))));
  }

  row(item, index) {
    const match = item.imageMatchResult?.matchScore;
    const passport = item.passportVerification;
    const missing = passport?.missingFields ?? [];
    const signals = item.riskSignals?.length ?? 0;
    const above = typeof match === "number" && match >= this.config.matchThreshold;
    return el("button", {
      type: "button", class: "queue-item", "data-testid": "queue-item", "data-verification-id": item.id,
      onclick: () => this.select(index),
    },
      el("span", { class: "id" }, item.id),
      el("span", { class: "meta" },
        item.status === "admin_review_required" ? `Waiting ${waited(item.updatedAt)}` : item.status.replace(/_/g, " "),
        " · coach ", item.coachId.slice(0, 8)),
      el("span", { class: "meta" },
        el("span", { class: `tag ${above ? "good" : "bad"}` }, `match ${score(match)} ${above ? "≥" : "<"} ${score(this.config.matchThreshold)}`),
        ` OCR ${percent(passport?.confidence)}`,
        missing.length ? el("span", { class: "tag warn" }, ` missing: ${missing.join(", ")}`) : "",
        signals ? el("span", { class: "tag bad" }, ` ${signals} risk signal${signals > 1 ? "s" : ""}`) : ""));
  }

  select(index) {
    if (index < 0 || index >= this.items.length) return;
    this.selected = index;
    this.list.querySelectorAll(".queue-item").forEach((node, i) => node.setAttribute("aria-current", String(i === index)));
    this.list.children[index].querySelector("button").focus({ preventScroll: false });
    this.onSelect(this.items[index].id);
  }

  next() {
    this.select(this.selected + 1);
  }

  previous() {
    this.select(Math.max(0, this.selected - 1));
  }

  /** A decided verification leaves the queue; its row stays, marked, until the next load. */
  decided(id, status) {
    const index = this.items.findIndex((item) => item.id === id);
    if (index < 0) return;
    this.items[index] = { ...this.items[index], status };
    const row = this.list.children[index].querySelector(".meta");
    row.textContent = `${status} · coach ${this.items[index].coachId.slice(0, 8)}`;
  }

  show(text, error = false) {
    this.message.textContent = text;
    this.message.classList.toggle("error", error);
  }
}
