/**
 * WCAG 2.1 contrast: relative luminance, contrast ratio and the conformance level it reaches.
 *
 * Colours are sRGB components in 0–1 with an alpha in 0–1; a translucent foreground is composited
 * over the background first, as a browser would paint it.
 */

/** Minimum ratios of WCAG 2.1 success criteria 1.4.3 (AA) and 1.4.6 (AAA). */
export const AA_NORMAL = 4.5;
export const AA_LARGE = 3;
export const AAA_NORMAL = 7;

/**
 * Linear-light value of one gamma-encoded sRGB component.
 * The threshold is IEC 61966-2-1's 0.04045; WCAG 2.1 prints 0.03928. No 8-bit code value lies
 * between the two (10/255 = 0.0392, 11/255 = 0.0431), so 8-bit colours get identical ratios.
 * @param {number} c - 0–1
 * @returns {number}
 */
function linear(c) {
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/**
 * WCAG relative luminance (0 black – 1 white).
 * @param {number[]} rgb - three sRGB components in 0–1
 * @returns {number}
 */
export function relativeLuminance(rgb) {
  const [r, g, b] = rgb.map(linear);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/**
 * Paint `fg` with its alpha over an opaque `bg`.
 * @param {{components: number[], alpha?: number}} fg
 * @param {{components: number[]}} bg
 * @returns {number[]} sRGB components in 0–1
 */
export function composite(fg, bg) {
  const a = fg.alpha ?? 1;
  return fg.components.map((c, i) => c * a + bg.components[i] * (1 - a));
}

/**
 * WCAG 2.1 contrast ratio of `fg` over `bg` (1–21).
 * @param {{components: number[], alpha?: number}} fg
 * @param {{components: number[]}} bg
 * @returns {number}
 */
export function contrastRatio(fg, bg) {
  const l1 = relativeLuminance(composite(fg, bg));
  const l2 = relativeLuminance(bg.components);
  const [hi, lo] = l1 > l2 ? [l1, l2] : [l2, l1];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The best WCAG 2.1 level text at `ratio` reaches.
 * @param {number} ratio
 * @returns {"AAA" | "AA" | "AA large" | "fails"}
 */
export function wcagLevel(ratio) {
  if (ratio >= AAA_NORMAL) return "AAA";
  if (ratio >= AA_NORMAL) return "AA";
  if (ratio >= AA_LARGE) return "AA large";
  return "fails";
}
