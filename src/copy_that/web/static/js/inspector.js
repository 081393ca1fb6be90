/**
 * The image inspector: one project image with a token's evidence (boxes and points) drawn over it.
 *
 * The overlay is an SVG whose viewBox is the image's own pixel grid, so evidence boxes
 * (`[x, y, w, h]` in image px) are drawn as given, at any display size.
 */

import { h, clear } from "./dom.js";

/**
 * @typedef {Object} InspectorImage
 * @property {string} id - the service's image id
 * @property {string} name - file name, for people
 * @property {string} url - where the original bytes are
 * @property {number} width - image px
 * @property {number} height - image px
 */

export class Inspector {
  /**
   * @param {Object} els
   * @param {HTMLElement} els.tabs - holds one button per image
   * @param {HTMLImageElement} els.image
   * @param {SVGSVGElement} els.overlay
   * @param {HTMLElement} els.caption - says what is drawn (read by screen readers)
   * @param {(image: InspectorImage) => void} onSelect - called when the visitor picks an image
   */
  constructor({ tabs, image, overlay, caption }, onSelect) {
    this.tabs = tabs;
    this.image = image;
    this.overlay = overlay;
    this.caption = caption;
    this.onSelect = onSelect;
    /** @type {InspectorImage[]} */
    this.images = [];
    /** @type {InspectorImage|null} */
    this.current = null;
    this.idleText = caption.textContent?.trim() ?? "";
  }

  /**
   * Offer `images` (keeping the current one when it is still there).
   * @param {InspectorImage[]} images
   */
  setImages(images) {
    this.images = images;
    clear(this.tabs);
    this.tabs.hidden = images.length < 2;
    for (const image of images) {
      this.tabs.append(
        h("button", {
          type: "button",
          class: "tab",
          "aria-pressed": "false",
          dataset: { imageId: image.id },
          text: image.name,
          onClick: () => this.select(image.id),
        }),
      );
    }
    const keep = images.find((i) => i.id === this.current?.id) ?? images[0] ?? null;
    if (keep) this.select(keep.id);
  }

  /**
   * Show the image with id `imageId`.
   * @param {string} imageId
   */
  select(imageId) {
    const image = this.images.find((i) => i.id === imageId);
    if (!image) return;
    const changed = this.current?.id !== image.id;
    this.current = image;
    for (const tab of this.tabs.querySelectorAll("button")) {
      tab.setAttribute("aria-pressed", String(tab.dataset.imageId === imageId));
    }
    if (changed || !this.image.getAttribute("src")) {
      this.image.src = image.url;
      this.image.alt = `${image.name}, ${image.width} × ${image.height} px`;
      this.image.width = image.width;
      this.image.height = image.height;
      this.overlay.setAttribute("viewBox", `0 0 ${image.width} ${image.height}`);
      this.clearMarks();
      this.onSelect(image);
    }
  }

  /** Remove every mark and restore the idle caption. */
  clearMarks() {
    clear(this.overlay);
    this.overlay.removeAttribute("data-token");
    this.caption.textContent = this.idleText;
  }

  /**
   * Draw evidence for a token.
   * @param {string} tokenName
   * @param {{boxes: number[][], points: number[][]}} marks - image px
   * @param {string} caption - what the marks are, in words
   * @param {string} [color] - CSS colour of the token, used as a fill hint
   */
  draw(tokenName, marks, caption, color) {
    clear(this.overlay);
    this.overlay.dataset.token = tokenName;
    if (!this.current) return;
    // Stroke widths in image px that stay visible when a large image is shown small.
    const scale = Math.max(this.current.width, this.current.height) / 600;
    const stroke = Math.max(1, 2 * scale);
    const radius = Math.max(2, 4 * scale);
    const group = h("svg:g", { class: "marks" });
    // Boxes this small (corners, thin strokes) vanish when the image is shown scaled down; a
    // ring around each keeps them findable. The threshold is 2 % of the longer image side.
    const small = 0.02 * Math.max(this.current.width, this.current.height);
    for (const [x, y, w, hgt] of marks.boxes) {
      if (Math.max(w, hgt) < small) {
        group.append(
          h("svg:circle", {
            class: "mark-halo",
            cx: x + w / 2,
            cy: y + hgt / 2,
            r: small,
            "stroke-width": stroke,
          }),
        );
      }
    }
    for (const [x, y, w, hgt] of marks.boxes) {
      group.append(
        h("svg:rect", {
          class: "mark-box",
          x,
          y,
          width: Math.max(w, 1),
          height: Math.max(hgt, 1),
          "stroke-width": stroke,
        }),
      );
    }
    for (const [x, y] of marks.points) {
      group.append(h("svg:circle", { class: "mark-point", cx: x, cy: y, r: radius, "stroke-width": stroke / 2 }));
    }
    if (color) group.style.setProperty("--token-color", color);
    this.overlay.append(group);
    this.caption.textContent = caption;
  }
}
