/**
 * The projects page: list the signed-in user's projects a page at a time, and create new ones.
 */

import { ROOT, api } from "../api.js";
import { initAccount } from "../account.js";
import { endpoints } from "../endpoints.js";
import { $, h, showText } from "../dom.js";

const PAGE_SIZE = 50;
const list = $("[data-project-list]");
const status = $("[data-list-status]");
const more = /** @type {HTMLButtonElement} */ ($("[data-load-more]"));
const form = /** @type {HTMLFormElement} */ ($("[data-create-form]"));
const formError = $("[data-form-error]");
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
let loaded = 0;

function projectItem(project) {
  return h(
    "li",
    { class: "project-card" },
    h("a", { href: `${ROOT}/projects/${encodeURIComponent(project.id)}`, class: "project-link" }, project.name),
    h(
      "p",
      { class: "muted" },
      `${project.role === "owner" ? "Owner" : "Member"} · updated ${dateFormat.format(new Date(project.updated_at))}`,
    ),
  );
}

async function loadPage() {
  more.disabled = true;
  try {
    const page = await api(endpoints.projects(loaded, PAGE_SIZE));
    for (const project of page.data) list.append(projectItem(project));
    loaded += page.data.length;
    more.hidden = loaded >= page.count;
    showText(status, page.count ? `${page.count} project${page.count === 1 ? "" : "s"}` : "No projects yet: create your first one above.");
  } catch (err) {
    showText(status, err instanceof Error ? err.message : String(err));
  } finally {
    more.disabled = false;
  }
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const name = String(new FormData(form).get("name") ?? "").trim();
  if (!name) {
    showText(formError, "Give the project a name.");
    $("#project-name").focus();
    return;
  }
  showText(formError, "");
  try {
    const project = await api(endpoints.createProject(), { method: "POST", json: { name } });
    location.assign(`${ROOT}/projects/${encodeURIComponent(project.id)}`);
  } catch (err) {
    showText(formError, err instanceof Error ? err.message : String(err));
  }
});

more.addEventListener("click", loadPage);
initAccount().then(() => {
  /** @type {HTMLButtonElement} */ ($("button[type=submit]", form)).disabled = false;
  return loadPage();
}, () => {});
