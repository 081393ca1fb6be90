/**
 * Find the evidence of a token in one image: boxes and points in that image's pixels.
 *
 * The project's merged document pools evidence from every image, so its boxes are only known to
 * belong to an image when the token cites that image alone. The image's own document (what one
 * extraction measured in it) is exact; it is used when available, matched by path, or for
 * colours renamed by merging, by hex within the same group.
 */

import { TokenDocument } from "./dtcg.js";
import { isColor, percent } from "./format.js";

/**
 * @typedef {Object} Marks
 * @property {number[][]} boxes
 * @property {number[][]} points
 * @property {string} caption
 */

function evidenceToken(doc, token) {
  if (token.evidence) return token;
  const end = doc.terminal(token);
  return end?.evidence ? end : null;
}

function describe(token, evidence, imageName) {
  const parts = [];
  if (evidence.boxes.length) parts.push(`${evidence.boxes.length} region${evidence.boxes.length === 1 ? "" : "s"}`);
  if (evidence.points.length) parts.push(`${evidence.points.length} sample point${evidence.points.length === 1 ? "" : "s"}`);
  if (evidence.share !== null) parts.push(`${percent(evidence.share)} of pixels`);
  if (evidence.count !== null) parts.push(`seen ${evidence.count}×`);
  if (token.confidence !== null) parts.push(`confidence ${percent(token.confidence, 0)}`);
  return `${token.name} in ${imageName}: ${parts.join(", ") || "no regions recorded"}`;
}

export class EvidenceLocator {
  /**
   * @param {TokenDocument} merged - the document on show
   * @param {number} imageCount - images in the project
   */
  constructor(merged, imageCount) {
    this.merged = merged;
    this.imageCount = imageCount;
    /** @type {TokenDocument|null} */
    this.own = null;
    this.imageName = "";
    this.ready = imageCount === 1;
  }

  /**
   * Switch to another image.
   * @param {string} imageName
   * @param {TokenDocument|null} own - the image's own document, when the service has one
   * @param {boolean} ready - whether the image's own document was looked up (with several
   *     images, evidence cannot be attributed before)
   */
  setImage(imageName, own, ready) {
    this.imageName = imageName;
    this.own = own;
    this.ready = ready || this.imageCount === 1;
  }

  /**
   * @param {import("./dtcg.js").DocToken} token
   * @returns {import("./dtcg.js").DocToken|null} the image's own token matching `token`
   */
  #ownMatch(token) {
    if (!this.own) return null;
    const byPath = this.own.byName.get(token.name);
    if (byPath) return byPath;
    const value = this.merged.resolve(token.value);
    if (!isColor(value) || !value.hex) return null;
    return (
      this.own.tokens.find((t) => {
        if (t.path[0] !== token.path[0] || t.path.length !== token.path.length) return false;
        const own = this.own?.resolve(t.value);
        return isColor(own) && own.hex === value.hex && t.path[1] === token.path[1];
      }) ?? null
    );
  }

  /**
   * Where `token` was measured in the current image.
   * @param {import("./dtcg.js").DocToken} token
   * @returns {Marks}
   */
  marksFor(token) {
    const none = (why) => ({ boxes: [], points: [], caption: `${token.name}: ${why}` });
    if (!this.ready) return none(`loading what was measured in ${this.imageName}…`);
    const measured = evidenceToken(this.merged, token);
    const ownId = this.own?.images[0]?.id;
    if (measured && ownId && measured.source.length && !measured.source.includes(ownId)) {
      return none(`not measured in ${this.imageName}; it comes from another image.`);
    }
    const match = this.#ownMatch(measured ?? token);
    const ownEvidence = match ? evidenceToken(/** @type {TokenDocument} */ (this.own), match) : null;
    if (ownEvidence?.evidence) {
      const ev = ownEvidence.evidence;
      return { boxes: ev.boxes, points: ev.points, caption: describe(measured ?? token, ev, this.imageName) };
    }
    if (measured?.evidence && (measured.source.length === 1 || this.imageCount === 1)) {
      const ev = measured.evidence;
      return { boxes: ev.boxes, points: ev.points, caption: describe(measured, ev, this.imageName) };
    }
    if (measured?.evidence) {
      return none(`measured in ${measured.source.length} images; its regions in ${this.imageName} are not recorded separately.`);
    }
    return none("derived from other tokens, not measured directly, so it has no regions.");
  }
}
