/**
 * The version list: every extraction or edit, a button to view it and a diff against its predecessor.
 */

import { api } from "./api.js";
import { endpoints } from "./endpoints.js";
import { $, clear, h } from "./dom.js";
import { valueText } from "./format.js";

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
const KIND_LABELS = { extraction: "Extraction", edit: "Edit", images: "Images changed" };

function summaryText(summary) {
  return Object.entries(summary ?? {})
    .filter(([, v]) => ["string", "number", "boolean"].includes(typeof v))
    .map(([k, v]) => `${k.replaceAll("_", " ")}: ${v}`)
    .join(" · ");
}

function changeValue(side) {
  if (!side) return "–";
  return valueText(side.$value);
}

export class VersionList {
  /**
   * @param {string} projectId
   * @param {(number: number|null) => void} onView - show a version (null: the current one)
   */
  constructor(projectId, onView) {
    this.projectId = projectId;
    this.onView = onView;
    this.list = $("[data-version-list]");
    this.empty = $("[data-versions-empty]");
    this.diffBox = $("[data-version-diff]");
  }

  /** Reload the list from the API. */
  async load() {
    const page = await api(endpoints.versions(this.projectId));
    clear(this.list);
    this.empty.hidden = page.count > 0;
    const newest = page.data[0]?.number;
    for (const version of page.data) {
      const label = `Version ${version.number}`;
      this.list.append(
        h(
          "li",
          { class: "version", dataset: { version: String(version.number) } },
          h(
            "div",
            { class: "version-head" },
            h("strong", { text: label }),
            h("span", { class: "muted", text: ` ${KIND_LABELS[version.kind] ?? version.kind} · ${dateFormat.format(new Date(version.created_at))}` }),
            version.number === newest ? h("span", { class: "badge", text: "current" }) : null,
          ),
          h("p", { class: "muted version-summary", text: summaryText(version.summary) }),
          h(
            "div",
            { class: "version-actions" },
            h("button", {
              type: "button",
              class: "button button-quiet",
              text: "View",
              "aria-label": `View ${label}`,
              onClick: () => this.onView(version.number === newest ? null : version.number),
            }),
            version.number > 1
              ? h("button", {
                  type: "button",
                  class: "button button-quiet",
                  text: "Changes",
                  "aria-label": `Changes in ${label}`,
                  onClick: () => this.showDiff(version.number - 1, version.number),
                })
              : null,
          ),
        ),
      );
    }
  }

  /**
   * Show what changed from version `from` to version `to`.
   * @param {number} from
   * @param {number} to
   */
  async showDiff(from, to) {
    this.diffBox.hidden = false;
    this.diffBox.replaceChildren(h("p", { class: "muted", text: `Comparing version ${from} with ${to}…` }));
    try {
      const diff = await api(endpoints.diff(this.projectId, from, to));
      const rows = [];
      for (const [kind, items] of [["added", diff.added], ["removed", diff.removed], ["changed", diff.changed]]) {
        for (const change of items) {
          rows.push(
            h(
              "tr",
              { class: `diff-${kind}` },
              h("th", { scope: "row", text: change.path }),
              h("td", { text: kind }),
              h("td", { text: changeValue(change.before) }),
              h("td", { text: changeValue(change.after) }),
            ),
          );
        }
      }
      this.diffBox.replaceChildren(
        h("h3", { class: "sub-title", text: `Version ${from} → ${to}` }),
        rows.length
          ? h(
              "div",
              { class: "table-wrap" },
              h(
                "table",
                { class: "token-table" },
                h("thead", {}, h("tr", {}, ["Token", "Change", "Before", "After"].map((t) => h("th", { scope: "col", text: t })))),
                h("tbody", {}, rows),
              ),
            )
          : h("p", { class: "muted", text: "No token changed." }),
      );
    } catch (err) {
      this.diffBox.replaceChildren(h("p", { class: "form-error", role: "alert", text: err instanceof Error ? err.message : String(err) }));
    }
  }
}
