/**
 * Turn resolved DTCG values into text and CSS: colours, dimensions, shadows, typography, shares.
 */

/**
 * Round for display: at most `digits` decimals, no trailing zeros.
 * @param {number} value
 * @param {number} [digits]
 * @returns {string}
 */
export function num(value, digits = 2) {
  return Number.isFinite(value) ? String(Number(value.toFixed(digits))) : "–";
}

/**
 * Whether `value` is a DTCG colour object.
 * @param {*} value
 * @returns {boolean}
 */
export function isColor(value) {
  return value !== null && typeof value === "object" && Array.isArray(value.components);
}

/**
 * A DTCG colour as CSS: its hex when opaque sRGB, else `rgb(r g b / a)`.
 * @param {{colorSpace?: string, components: number[], alpha?: number, hex?: string}} color
 * @returns {string}
 */
export function colorToCss(color) {
  const alpha = color.alpha ?? 1;
  const srgb = (color.colorSpace ?? "srgb") === "srgb";
  if (srgb && alpha >= 1 && typeof color.hex === "string") return color.hex;
  if (srgb) {
    const [r, g, b] = color.components.map((c) => Math.round(c * 255));
    return `rgb(${r} ${g} ${b} / ${num(alpha, 3)})`;
  }
  return `color(${color.colorSpace} ${color.components.map((c) => num(c, 4)).join(" ")} / ${num(alpha, 3)})`;
}

/**
 * A colour's label: `#rrggbb`, plus its opacity when translucent.
 * @param {{components: number[], alpha?: number, hex?: string}} color
 * @returns {string}
 */
export function colorLabel(color) {
  const hex = color.hex ?? colorToCss({ ...color, alpha: 1 });
  const alpha = color.alpha ?? 1;
  return alpha < 1 ? `${hex} at ${Math.round(alpha * 100)} %` : hex;
}

/**
 * A DTCG dimension as CSS (`16px`, `1.25rem`).
 * @param {{value: number, unit: string}} dim
 * @returns {string}
 */
export function dimensionToCss(dim) {
  return dim && typeof dim.value === "number" ? `${num(dim.value)}${dim.unit ?? "px"}` : "–";
}

/**
 * A dimension in CSS px (rem counted at 16 px, the browser default), for previews.
 * @param {{value: number, unit: string}} dim
 * @returns {number}
 */
export function dimensionPx(dim) {
  const REM_PX = 16;
  return dim.unit === "rem" ? dim.value * REM_PX : dim.value;
}

/**
 * A resolved DTCG shadow (one layer or a list) as a CSS `box-shadow` value.
 * @param {Object|Object[]} shadow
 * @returns {string}
 */
export function shadowToCss(shadow) {
  const layers = Array.isArray(shadow) ? shadow : [shadow];
  return layers
    .filter((layer) => layer && isColor(layer.color))
    .map((layer) =>
      [
        layer.inset ? "inset" : "",
        dimensionToCss(layer.offsetX),
        dimensionToCss(layer.offsetY),
        dimensionToCss(layer.blur),
        dimensionToCss(layer.spread),
        colorToCss(layer.color),
      ]
        .filter(Boolean)
        .join(" "),
    )
    .join(", ");
}

/**
 * A fontFamily value (string or list) as a CSS `font-family` list.
 * @param {string|string[]} family
 * @returns {string}
 */
export function fontFamilyToCss(family) {
  const GENERIC = new Set(["serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"]);
  const names = Array.isArray(family) ? family : [family];
  return names
    .filter((n) => typeof n === "string" && n)
    .map((n) => (GENERIC.has(n) ? n : `"${n.replaceAll('"', "")}"`))
    .join(", ");
}

/**
 * A 0–1 fraction as a percentage.
 * @param {number|null} fraction
 * @param {number} [digits]
 * @returns {string}
 */
export function percent(fraction, digits = 1) {
  return typeof fraction === "number" ? `${num(fraction * 100, digits)} %` : "–";
}

/**
 * Any resolved value as short text (for tables of tokens of unknown kinds).
 * @param {*} value
 * @returns {string}
 */
export function valueText(value) {
  if (value === undefined) return "unresolved alias";
  if (isColor(value)) return colorLabel(value);
  if (value && typeof value === "object" && "unit" in value) return dimensionToCss(value);
  if (Array.isArray(value)) {
    return value.every((v) => typeof v === "string") ? value.join(", ") : shadowToCss(value);
  }
  if (value && typeof value === "object") return JSON.stringify(value);
  return String(value);
}
