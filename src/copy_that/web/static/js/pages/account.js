/**
 * The API keys page: create a key (its secret shown once), list keys, revoke one.
 */

import { api } from "../api.js";
import { initAccount } from "../account.js";
import { endpoints } from "../endpoints.js";
import { $, clear, h, showText } from "../dom.js";

const form = /** @type {HTMLFormElement} */ ($("[data-key-form]"));
const error = $("[data-key-error]");
const fresh = $("[data-new-key]");
const freshValue = /** @type {HTMLInputElement} */ ($("[data-new-key-value]"));
const rows = $("[data-keys]");
const status = $("[data-keys-status]");
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

function when(iso) {
  return iso ? dateFormat.format(new Date(iso)) : "never";
}

async function load() {
  const page = await api(endpoints.apiKeys());
  clear(rows);
  $("[data-keys-table]").hidden = page.count === 0;
  showText(status, page.count ? "" : "No keys yet.");
  for (const key of page.data) {
    const state = key.revoked_at
      ? h("span", { class: "muted", text: `revoked ${when(key.revoked_at)}` })
      : h("button", {
          type: "button",
          class: "button button-quiet button-danger",
          text: "Revoke",
          "aria-label": `Revoke ${key.name}`,
          onClick: () => revoke(key),
        });
    rows.append(
      h(
        "tr",
        { dataset: { keyId: key.id } },
        h("th", { scope: "row", text: key.name }),
        h("td", {}, h("code", { text: `${key.prefix}…` })),
        h("td", { text: when(key.created_at) }),
        h("td", { text: when(key.last_used_at) }),
        h("td", {}, state),
      ),
    );
  }
}

async function revoke(key) {
  if (!window.confirm(`Revoke ${key.name}? Anything using it stops working at once.`)) return;
  try {
    await api(endpoints.apiKey(key.id), { method: "DELETE" });
    await load();
  } catch (err) {
    showText(error, err instanceof Error ? err.message : String(err));
  }
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const name = String(new FormData(form).get("name") ?? "").trim();
  showText(error, "");
  try {
    const created = await api(endpoints.apiKeys(), { method: "POST", json: { name } });
    $("[data-new-key-name]").textContent = created.name;
    freshValue.value = created.key;
    fresh.hidden = false;
    freshValue.focus();
    freshValue.select();
    form.reset();
    await load();
  } catch (err) {
    showText(error, err instanceof Error ? err.message : String(err));
  }
});

initAccount().then(load).catch((err) => showText(status, err instanceof Error ? err.message : String(err)));
