/**
 * A project's settings on its page: rename it, delete it (owners only; the service enforces it).
 */

import { ROOT, api } from "./api.js";
import { $, showText } from "./dom.js";
import { endpoints } from "./endpoints.js";

/**
 * Show the project's name everywhere it appears.
 * @param {string} name
 */
export function showProjectName(name) {
  $("[data-project-name]").textContent = name;
  document.title = `${name} · Copy That`;
  /** @type {HTMLInputElement} */ ($("#rename-project")).value = name;
}

/**
 * Wire the rename form and the delete button.
 * @param {string} projectId
 */
export function initSettings(projectId) {
  const form = /** @type {HTMLFormElement} */ ($("[data-rename-form]"));
  const error = $("[data-settings-error]");
  const fail = (err) => showText(error, err instanceof Error ? err.message : String(err));

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const name = String(new FormData(form).get("name") ?? "").trim();
    showText(error, "");
    try {
      const project = await api(endpoints.project(projectId), { method: "PATCH", json: { name } });
      showProjectName(project.name);
    } catch (err) {
      fail(err);
    }
  });

  $("[data-delete-project]").addEventListener("click", async () => {
    const name = $("[data-project-name]").textContent ?? "";
    if (!window.confirm(`Delete the project “${name}” with all its images and versions? This cannot be undone.`)) return;
    try {
      await api(endpoints.project(projectId), { method: "DELETE" });
      location.assign(`${ROOT}/`);
    } catch (err) {
      fail(err);
    }
  });
}
