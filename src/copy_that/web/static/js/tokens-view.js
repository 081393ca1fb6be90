/**
 * The token view: palette swatches with roles and contrast, role contrast pairs, and tables for
 * spacing, radii, shadows, borders, typography and font primitives, each row a focusable token.
 *
 * Rendering only: which token is shown in the inspector is decided by the page, through the
 * `data-token` attribute every token button carries.
 */

import { contrastRatio, wcagLevel } from "./contrast.js";
import { h } from "./dom.js";
import { TokenDocument, isAlias, aliasTarget } from "./dtcg.js";
import {
  colorLabel,
  colorToCss,
  dimensionPx,
  dimensionToCss,
  fontFamilyToCss,
  isColor,
  num,
  percent,
  shadowToCss,
  valueText,
} from "./format.js";

// Previews of lengths are capped so one huge value cannot push the table off screen.
const MAX_PREVIEW_PX = 160;
// Foreground/background role pairs whose contrast people check; present ones are shown.
const CONTRAST_PAIRS = [
  ["text", "background"],
  ["text-muted", "background"],
  ["text", "surface"],
  ["text-muted", "surface"],
  ["on-primary", "primary"],
  ["primary", "background"],
  ["secondary", "background"],
  ["accent", "background"],
  ["border", "background"],
  ["success", "background"],
  ["warning", "background"],
  ["danger", "background"],
];
const KIND_TITLES = {
  color: "Colours",
  spacing: "Spacing",
  radius: "Radii",
  shadow: "Shadows",
  border: "Borders",
  typography: "Typography",
  font: "Font primitives",
};

/**
 * The token's label: its path without the group (`palette.blue` → `blue`).
 * @param {import("./dtcg.js").DocToken} token
 * @param {number} drop - leading names to leave out
 * @returns {string}
 */
function shortName(token, drop) {
  return token.path.slice(drop).join(".") || token.name;
}

function confidenceText(token) {
  return token.confidence === null ? "–" : percent(token.confidence, 0);
}

/**
 * A token's button: the focusable, clickable handle the inspector follows.
 * @param {import("./dtcg.js").DocToken} token
 * @param {string} label
 * @param {...(Node|string)} extra
 * @returns {HTMLButtonElement}
 */
function tokenButton(token, label, ...extra) {
  return /** @type {HTMLButtonElement} */ (
    h(
      "button",
      {
        type: "button",
        class: "token-btn",
        "aria-pressed": "false",
        title: token.description ?? token.name,
        dataset: { token: token.name },
      },
      h("span", { class: "token-label", text: label }),
      ...extra,
    )
  );
}

function section(kind, title, ...children) {
  return h(
    "section",
    { class: "token-group", "aria-labelledby": `group-${kind}`, dataset: { group: kind } },
    h("h3", { id: `group-${kind}`, class: "group-title", text: title }),
    ...children,
  );
}

function table(caption, headings, rows) {
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { class: "token-table" },
      h("caption", { class: "visually-hidden", text: caption }),
      h("thead", {}, h("tr", {}, headings.map((text) => h("th", { scope: "col", text })))),
      h("tbody", {}, rows),
    ),
  );
}

function row(token, label, cells) {
  return h(
    "tr",
    { dataset: { tokenRow: token.name } },
    h("th", { scope: "row" }, tokenButton(token, label)),
    cells.map((cell) => (cell instanceof Node ? h("td", {}, cell) : h("td", { text: cell }))),
  );
}

function chip(color, extraClass = "") {
  const el = h("span", { class: `chip ${extraClass}`.trim(), "aria-hidden": "true" });
  el.style.setProperty("--chip", colorToCss(color));
  return el;
}

function levelBadge(ratio) {
  const level = wcagLevel(ratio);
  return h("span", { class: `badge badge-${level === "fails" ? "fail" : "pass"}`, text: `${num(ratio, 2)}:1 ${level}` });
}

/** Renders one document; keeps the pieces the page asks about later. */
export class TokensView {
  /**
   * @param {TokenDocument} doc
   */
  constructor(doc) {
    this.doc = doc;
    const background = doc.byName.get("color.background");
    this.background = background ? doc.resolve(background.value) : undefined;
  }

  /**
   * Every section, in reading order.
   * @returns {HTMLElement[]}
   */
  render() {
    const out = [this.#colors(), this.#contrast(), this.#spacing(), this.#radii(), this.#shadows()];
    out.push(this.#borders(), this.#typography(), this.#fonts(), this.#other());
    const shown = out.filter(Boolean);
    if (!shown.length) {
      shown.push(h("p", { class: "muted", text: this.doc.reason ?? "This version holds no tokens." }));
    }
    return /** @type {HTMLElement[]} */ (shown);
  }

  #empty(kind) {
    const info = this.doc.groups.get(kind);
    if (!info?.reason) return null;
    return section(kind, KIND_TITLES[kind] ?? kind, h("p", { class: "muted reason", text: `None found: ${info.reason}` }));
  }

  #isRole(token) {
    return token.path[0] === "color" && token.path.length === 2;
  }

  #isRamp(token) {
    return token.path[0] === "color" && token.path.length === 3 && token.path[1] !== "palette" && /^\d+$/.test(token.path[2]);
  }

  #swatch(token, label) {
    const value = this.doc.resolve(token.value);
    if (!isColor(value)) return null;
    const roles = this.doc.aliasesOf(token).filter((t) => this.#isRole(t)).map((t) => t.path[1]);
    const facts = [colorLabel(value)];
    if (token.evidence?.share !== null && token.evidence?.share !== undefined) facts.push(`${percent(token.evidence.share)} of pixels`);
    if (token.confidence !== null) facts.push(`confidence ${confidenceText(token)}`);
    const contrast =
      isColor(this.background) && token.name !== this.doc.terminal(this.doc.byName.get("color.background"))?.name
        ? contrastRatio(value, this.background)
        : null;
    const button = tokenButton(
      token,
      label,
      chip(value, "swatch-chip"),
      h("span", { class: "swatch-facts", text: facts.join(" · ") }),
      roles.length ? h("span", { class: "swatch-roles", text: `Role: ${roles.join(", ")}` }) : null,
      contrast === null ? null : h("span", { class: "swatch-contrast" }, "As text on background ", levelBadge(contrast)),
    );
    button.classList.add("swatch");
    return h("li", { dataset: { tokenRow: token.name } }, button);
  }

  #colors() {
    const colors = this.doc.group("color");
    if (!colors.length) return this.#empty("color");
    const palette = colors.filter((t) => t.path[1] === "palette" && !isAlias(t.value));
    const roles = colors.filter((t) => this.#isRole(t));
    const ramps = colors.filter((t) => this.#isRamp(t));
    const others = colors.filter((t) => !palette.includes(t) && !roles.includes(t) && !ramps.includes(t));
    const parts = [];
    if (palette.length || others.length) {
      parts.push(
        h("h4", { class: "sub-title", text: "Palette" }),
        h(
          "ul",
          { class: "swatches", "aria-label": "Palette" },
          [...palette, ...others].map((t) => this.#swatch(t, shortName(t, t.path[1] === "palette" ? 2 : 1))),
        ),
      );
    }
    if (roles.length) {
      parts.push(
        h("h4", { class: "sub-title", text: "Roles" }),
        table(
          "Colour roles",
          ["Role", "Colour", "Points to", "Confidence"],
          roles.map((t) => {
            const value = this.doc.resolve(t.value);
            const target = isAlias(t.value) ? aliasTarget(t.value) : "own value";
            return row(t, t.path[1], [
              isColor(value) ? h("span", { class: "value-with-chip" }, chip(value), colorLabel(value)) : valueText(value),
              target,
              confidenceText(t),
            ]);
          }),
        ),
      );
    }
    const byHue = new Map();
    for (const t of ramps) byHue.set(t.path[1], [...(byHue.get(t.path[1]) ?? []), t]);
    if (byHue.size) {
      parts.push(h("h4", { class: "sub-title", text: "Ramps" }));
      for (const [hue, steps] of byHue) {
        parts.push(
          h(
            "div",
            { class: "ramp" },
            h("span", { class: "ramp-name", text: hue }),
            h(
              "ul",
              { class: "ramp-steps", "aria-label": `${hue} ramp` },
              steps.map((t) => {
                const value = this.doc.resolve(t.value);
                const button = tokenButton(t, t.path[2], isColor(value) ? chip(value, "ramp-chip") : null);
                button.title = `${t.name} ${isColor(value) ? colorLabel(value) : ""}`.trim();
                return h("li", { dataset: { tokenRow: t.name } }, button);
              }),
            ),
          ),
        );
      }
    }
    return section("color", KIND_TITLES.color, ...parts);
  }

  #contrast() {
    const rows = [];
    for (const [fgName, bgName] of CONTRAST_PAIRS) {
      const fgToken = this.doc.byName.get(`color.${fgName}`);
      const bgToken = this.doc.byName.get(`color.${bgName}`);
      if (!fgToken || !bgToken) continue;
      const fg = this.doc.resolve(fgToken.value);
      const bg = this.doc.resolve(bgToken.value);
      if (!isColor(fg) || !isColor(bg)) continue;
      const ratio = contrastRatio(fg, bg);
      const sample = h("span", { class: "contrast-sample", text: "Aa" });
      sample.style.color = colorToCss(fg);
      sample.style.backgroundColor = colorToCss(bg);
      rows.push(
        h(
          "tr",
          { dataset: { tokenRow: fgToken.name } },
          h("th", { scope: "row" }, tokenButton(fgToken, `${fgName} on ${bgName}`)),
          h("td", {}, sample),
          h("td", {}, levelBadge(ratio)),
        ),
      );
    }
    if (!rows.length) return null;
    return section(
      "contrast",
      "Contrast (WCAG 2.1)",
      table("Contrast of colour roles", ["Pair", "Sample", "Ratio and level"], rows),
    );
  }

  #lengthTable(kind, title, previewClass, style) {
    const tokens = this.doc.group(kind);
    if (!tokens.length) return this.#empty(kind);
    const rows = tokens.map((t) => {
      const value = this.doc.resolve(t.value);
      const preview = h("span", { class: previewClass, "aria-hidden": "true" });
      if (value && typeof value.value === "number") style(preview, Math.min(dimensionPx(value), MAX_PREVIEW_PX));
      return row(t, shortName(t, 1), [
        dimensionToCss(value),
        preview,
        t.evidence?.count === null || t.evidence?.count === undefined ? "–" : String(t.evidence.count),
        confidenceText(t),
      ]);
    });
    const info = this.doc.groups.get(kind);
    const note = info?.description ? h("p", { class: "muted", text: info.description }) : null;
    return section(kind, title, note, table(title, ["Token", "Value", "Preview", "Seen", "Confidence"], rows));
  }

  #spacing() {
    return this.#lengthTable("spacing", KIND_TITLES.spacing, "spacing-bar", (el, px) => {
      el.style.width = `${px}px`;
    });
  }

  #radii() {
    return this.#lengthTable("radius", KIND_TITLES.radius, "radius-box", (el, px) => {
      el.style.borderRadius = `${px}px`;
    });
  }

  #shadows() {
    const tokens = this.doc.group("shadow");
    if (!tokens.length) return this.#empty("shadow");
    const rows = tokens.map((t) => {
      const css = shadowToCss(this.doc.resolve(t.value));
      const preview = h("span", { class: "shadow-box", "aria-hidden": "true" });
      preview.style.boxShadow = css;
      return row(t, shortName(t, 1), [h("code", { text: css || "–" }), preview, confidenceText(t)]);
    });
    return section("shadow", KIND_TITLES.shadow, table("Shadows", ["Token", "CSS", "Preview", "Confidence"], rows));
  }

  #borders() {
    const tokens = this.doc.group("border");
    if (!tokens.length) return this.#empty("border");
    const rows = tokens.map((t) => {
      const value = this.doc.resolve(t.value) ?? {};
      const color = isColor(value.color) ? value.color : null;
      const preview = h("span", { class: "border-box", "aria-hidden": "true" });
      if (color && value.width) preview.style.border = `${dimensionToCss(value.width)} ${value.style ?? "solid"} ${colorToCss(color)}`;
      return row(t, shortName(t, 1), [
        dimensionToCss(value.width),
        typeof value.style === "string" ? value.style : "–",
        color ? h("span", { class: "value-with-chip" }, chip(color), colorLabel(color)) : "–",
        preview,
        confidenceText(t),
      ]);
    });
    return section("border", KIND_TITLES.border, table("Borders", ["Token", "Width", "Style", "Colour", "Preview", "Confidence"], rows));
  }

  #typography() {
    const tokens = this.doc.group("typography");
    if (!tokens.length) return this.#empty("typography");
    const rows = tokens.map((t) => {
      const v = this.doc.resolve(t.value) ?? {};
      const sample = h("span", { class: "type-sample", text: "The quick brown fox" });
      if (v.fontFamily) sample.style.fontFamily = fontFamilyToCss(v.fontFamily);
      if (v.fontSize) sample.style.fontSize = `${Math.min(dimensionPx(v.fontSize), MAX_PREVIEW_PX / 2)}px`;
      if (typeof v.fontWeight === "number") sample.style.fontWeight = String(v.fontWeight);
      if (typeof v.lineHeight === "number") sample.style.lineHeight = String(v.lineHeight);
      if (v.letterSpacing) sample.style.letterSpacing = dimensionToCss(v.letterSpacing);
      // Like the CSS `font` shorthand: weight size/line-height family.
      const family = Array.isArray(v.fontFamily) ? v.fontFamily.join(", ") : valueText(v.fontFamily);
      const weight = typeof v.fontWeight === "number" ? num(v.fontWeight, 0) : "–";
      const lineHeight = typeof v.lineHeight === "number" ? num(v.lineHeight) : "–";
      return row(t, shortName(t, 1), [
        sample,
        `${weight} ${dimensionToCss(v.fontSize)}/${lineHeight} ${family}`,
        dimensionToCss(v.letterSpacing),
        confidenceText(t),
      ]);
    });
    return section(
      "typography",
      KIND_TITLES.typography,
      table("Type styles", ["Style", "Sample", "Weight size/line height family", "Tracking", "Confidence"], rows),
    );
  }

  #fonts() {
    const tokens = this.doc.group("font");
    if (!tokens.length) return this.#empty("font");
    const rows = tokens.map((t) => row(t, shortName(t, 1), [t.type ?? "–", valueText(this.doc.resolve(t.value)), confidenceText(t)]));
    return section("font", KIND_TITLES.font, table("Font primitives", ["Token", "Type", "Value", "Confidence"], rows));
  }

  #other() {
    const known = new Set(Object.keys(KIND_TITLES));
    const tokens = this.doc.tokens.filter((t) => !known.has(t.path[0]));
    if (!tokens.length) return null;
    const rows = tokens.map((t) => row(t, t.name, [t.type ?? "–", valueText(this.doc.resolve(t.value)), confidenceText(t)]));
    return section("other", "Other tokens", table("Other tokens", ["Token", "Type", "Value", "Confidence"], rows));
  }
}
