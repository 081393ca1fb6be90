/**
 * The token panel: every fact about the selected token, and edits to it (rename, new colour or
 * length, role, delete) plus the project's edit list with undo.
 *
 * Edits go to the service, which keeps them and replays them over every later extraction; each
 * one makes a new version. Only the current version can be edited.
 */

import { api } from "./api.js";
import { $, clear, h, showText } from "./dom.js";
import { TokenDocument, aliasTarget, isAlias } from "./dtcg.js";
import { endpoints } from "./endpoints.js";
import { isColor, num, percent, valueText } from "./format.js";

/** Colour roles the semantic layer names (the architecture's list). */
export const COLOR_ROLES = [
  "background",
  "surface",
  "text",
  "text-muted",
  "primary",
  "on-primary",
  "secondary",
  "accent",
  "border",
  "success",
  "warning",
  "danger",
];
const EDIT_LABELS = { rename: "Renamed", set_value: "Changed value of", set_role: "Set role", delete: "Deleted" };

/**
 * `#rrggbb` of sRGB components in 0–1.
 * @param {number[]} components
 * @returns {string}
 */
function hexOf(components) {
  return `#${components.map((c) => Math.round(c * 255).toString(16).padStart(2, "0")).join("")}`;
}

/**
 * sRGB components in 0–1 of `#rrggbb`.
 * @param {string} hex
 * @returns {number[]}
 */
function componentsOf(hex) {
  return [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255);
}

function fact(term, value) {
  return [h("dt", { text: term }), h("dd", { text: value })];
}

function describeEdit(edit) {
  const p = edit.payload ?? {};
  const label = EDIT_LABELS[edit.op] ?? edit.op;
  if (edit.op === "rename") return `${label} ${p.path} → ${p.to}`;
  if (edit.op === "set_role") return `${label} ${p.path} → ${p.target}`;
  if (edit.op === "set_value") return `${label} ${p.path} to ${valueText(p.value)}`;
  return `${label} ${p.path ?? ""}`.trim();
}

export class TokenEditor {
  /**
   * @param {string} projectId
   * @param {(pinned: string|null) => Promise<void>} onChanged - reload after an edit; `pinned`
   *     is the token to keep selected (its new name after a rename)
   */
  constructor(projectId, onChanged) {
    this.projectId = projectId;
    this.onChanged = onChanged;
    this.panel = $("[data-token-panel]");
    this.error = $("[data-token-error]");
    this.editList = $("[data-edit-list]");
    this.editsEmpty = $("[data-edits-empty]");
    this.editsError = $("[data-edits-error]");
  }

  /**
   * Show `token` of `doc` (or hide the panel when `token` is null).
   * @param {TokenDocument|null} doc
   * @param {import("./dtcg.js").DocToken|null|undefined} token
   * @param {boolean} editable - false while an older version is on show
   */
  show(doc, token, editable) {
    const body = $("[data-token-body]", this.panel);
    clear(body);
    showText(this.error, "");
    if (!doc || !token) {
      this.panel.hidden = true;
      return;
    }
    this.panel.hidden = false;
    $("[data-token-title]", this.panel).textContent = token.name;
    const value = doc.resolve(token.value);
    const facts = [
      ...fact("Type", token.type ?? "–"),
      ...fact("Value", valueText(value)),
      isAlias(token.value) ? fact("Alias of", aliasTarget(token.value)) : null,
      token.description ? fact("Description", token.description) : null,
      ...fact("Confidence", token.confidence === null ? "not given" : percent(token.confidence, 0)),
      token.evidence?.share !== null && token.evidence?.share !== undefined
        ? fact("Share of pixels", percent(token.evidence.share, 2))
        : null,
      token.evidence?.count !== null && token.evidence?.count !== undefined
        ? fact("Observations", num(token.evidence.count, 0))
        : null,
    ];
    body.append(h("dl", { class: "facts" }, facts.flat().filter(Boolean)));
    const detail = token.evidence?.detail ?? {};
    if (Object.keys(detail).length) {
      body.append(
        h(
          "details",
          { class: "evidence-detail" },
          h("summary", { text: "Measurement details" }),
          h("pre", { text: JSON.stringify(detail, null, 2) }),
        ),
      );
    }
    if (editable) body.append(this.#forms(doc, token, value));
  }

  #forms(doc, token, value) {
    const forms = h("div", { class: "edit-forms" });
    const id = (suffix) => `edit-${suffix}`;

    forms.append(
      this.#form("rename", [
        h("label", { for: id("rename"), text: "New name" }),
        h("input", { id: id("rename"), name: "to", type: "text", value: token.name, required: true, maxlength: 300, spellcheck: "false" }),
      ], "Rename", (data) => ({ op: "rename", path: token.name, to: String(data.get("to") ?? "").trim() }), (body) => body.to),
    );

    if (!isAlias(token.value) && isColor(value) && (value.colorSpace ?? "srgb") === "srgb") {
      forms.append(
        this.#form("color", [
          h("label", { for: id("color"), text: "Colour" }),
          h("input", { id: id("color"), name: "hex", type: "color", value: value.hex ?? hexOf(value.components) }),
        ], "Set colour", (data) => {
          const hex = String(data.get("hex") ?? "#000000");
          const components = componentsOf(hex);
          return {
            op: "set_value",
            path: token.name,
            value: { colorSpace: "srgb", components, alpha: value.alpha ?? 1, hex },
          };
        }),
      );
    }

    if (!isAlias(token.value) && token.type === "dimension" && value && typeof value.value === "number") {
      forms.append(
        this.#form("dimension", [
          h("label", { for: id("dimension"), text: `Length (${value.unit ?? "px"})` }),
          h("input", { id: id("dimension"), name: "value", type: "number", step: "any", min: "0", value: String(value.value), required: true }),
        ], "Set length", (data) => ({
          op: "set_value",
          path: token.name,
          value: { value: Number(data.get("value")), unit: value.unit ?? "px" },
        })),
      );
    }

    const isRole = token.path[0] === "color" && token.path.length === 2;
    const colours = doc.tokens.filter((t) => t.path[0] === "color" && t.path[1] === "palette" && !isAlias(t.value));
    if (isRole && colours.length) {
      const current = isAlias(token.value) ? aliasTarget(token.value) : "";
      forms.append(
        this.#form("target", [
          h("label", { for: id("target"), text: "Role colour" }),
          h(
            "select",
            { id: id("target"), name: "target" },
            colours.map((t) => h("option", { value: t.name, text: `${t.path.slice(2).join(".")} ${valueText(doc.resolve(t.value))}`, selected: t.name === current })),
          ),
        ], "Set role", (data) => ({ op: "set_role", path: token.name, target: String(data.get("target")) }), () => token.name),
      );
    } else if (token.path[0] === "color" && token.path[1] === "palette" && !isAlias(token.value)) {
      forms.append(
        this.#form("role", [
          h("label", { for: id("role"), text: "Use as role" }),
          h("select", { id: id("role"), name: "role" }, COLOR_ROLES.map((r) => h("option", { value: r, text: r }))),
        ], "Set role", (data) => ({ op: "set_role", path: `color.${data.get("role")}`, target: token.name }), () => token.name),
      );
    }

    const remove = h("button", { type: "button", class: "button button-danger", text: "Delete token" });
    remove.addEventListener("click", async () => {
      if (!window.confirm(`Delete ${token.name}? Aliases to it must be changed first.`)) return;
      await this.#send({ op: "delete", path: token.name }, null);
    });
    forms.append(h("div", { class: "edit-row" }, remove));
    return forms;
  }

  /**
   * One small form: fields, a submit button, and how to build the edit from its data.
   * @param {string} name
   * @param {Node[]} fields
   * @param {string} submit
   * @param {(data: FormData) => Object} build
   * @param {(body: Object) => string|null} [keep] - the token to keep selected afterwards
   * @returns {HTMLFormElement}
   */
  #form(name, fields, submit, build, keep = (body) => body.path) {
    const form = /** @type {HTMLFormElement} */ (
      h("form", { class: "edit-row", dataset: { edit: name } }, h("div", { class: "field grow" }, fields), h("button", { type: "submit", class: "button", text: submit }))
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const body = build(new FormData(form));
      await this.#send(body, keep(body));
    });
    return form;
  }

  async #send(body, keep) {
    showText(this.error, "");
    try {
      await api(endpoints.edits(this.projectId), { method: "POST", json: body });
      await this.onChanged(keep);
    } catch (err) {
      showText(this.error, err instanceof Error ? err.message : String(err));
    }
  }

  /** Reload the list of edits. */
  async loadEdits() {
    const page = await api(endpoints.edits(this.projectId));
    showText(this.editsError, "");
    clear(this.editList);
    this.editsEmpty.hidden = page.count > 0;
    for (const edit of page.data) {
      const text = describeEdit(edit);
      this.editList.append(
        h(
          "li",
          { class: "edit" },
          h("span", { text }),
          h("button", {
            type: "button",
            class: "button button-quiet",
            text: "Undo",
            "aria-label": `Undo: ${text}`,
            onClick: async () => {
              try {
                await api(endpoints.edit(this.projectId, edit.id), { method: "DELETE" });
                await this.onChanged(null);
              } catch (err) {
                showText(this.editsError, err instanceof Error ? err.message : String(err));
              }
            },
          }),
        ),
      );
    }
  }
}
