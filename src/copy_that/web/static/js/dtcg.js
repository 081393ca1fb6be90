/**
 * Read a DTCG 2025.10 token document into an ordered list of tokens with Copy That's metadata.
 *
 * Groups pass their `$type` down to their tokens; aliases (`"{group.token}"`) resolve through the
 * same document, members of composites (shadow layers, borders, typography) included. Copy That's
 * facts live in `$extensions["com.copy-that"]`: `confidence`, `evidence` (`boxes` as image px
 * `[x, y, w, h]`, `points`, `share`, `count`, `detail`) and `source` (image ids) on tokens, `reason`
 * on empty groups, and `images`/`timings_ms` on the root.
 */

export const NAMESPACE = "com.copy-that";
const ALIAS_RE = /^\{([^{}]+)\}$/;
// Deeper chains than this are a cycle or a broken document; DTCG sets no limit, real files use 2–3.
const MAX_ALIAS_DEPTH = 32;

/**
 * @typedef {Object} Evidence
 * @property {number[][]} boxes - `[x, y, w, h]` in image px
 * @property {number[][]} points - `[x, y]` in image px
 * @property {number|null} share - 0–1 of the image's pixels
 * @property {number|null} count - observations behind the token
 * @property {Object} detail - extractor facts
 */

/**
 * @typedef {Object} DocToken
 * @property {string} name - dotted path, e.g. "color.palette.blue"
 * @property {string[]} path
 * @property {string|undefined} type - `$type`, inherited from groups
 * @property {*} value - raw `$value` (may be an alias string)
 * @property {string|null} description
 * @property {number|null} confidence - 0–1
 * @property {Evidence|null} evidence
 * @property {string[]} source - image ids the evidence comes from
 */

/**
 * The Copy That entry of a node's `$extensions`, or an empty object.
 * @param {Object} node
 * @returns {Object}
 */
export function ownExtensions(node) {
  const ext = node && typeof node.$extensions === "object" ? node.$extensions : null;
  const own = ext ? ext[NAMESPACE] : null;
  return own && typeof own === "object" ? own : {};
}

/**
 * Whether `value` is an alias string like "{color.palette.blue}".
 * @param {*} value
 * @returns {boolean}
 */
export function isAlias(value) {
  return typeof value === "string" && ALIAS_RE.test(value);
}

/**
 * The dotted path an alias points to.
 * @param {string} value
 * @returns {string}
 */
export function aliasTarget(value) {
  const match = ALIAS_RE.exec(value);
  if (!match) throw new Error(`${value} is not an alias`);
  return match[1];
}

function isGroupLike(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function readEvidence(own) {
  const raw = own.evidence;
  if (!isGroupLike(raw)) return null;
  return {
    boxes: Array.isArray(raw.boxes) ? raw.boxes.filter((b) => Array.isArray(b) && b.length === 4) : [],
    points: Array.isArray(raw.points) ? raw.points.filter((p) => Array.isArray(p) && p.length === 2) : [],
    share: typeof raw.share === "number" ? raw.share : null,
    count: typeof raw.count === "number" ? raw.count : null,
    detail: isGroupLike(raw.detail) ? raw.detail : {},
  };
}

/** A parsed token document. */
/**
 * The default-mode token document inside a DTCG resolver document (what the API returns when the
 * tokens have modes, e.g. a light and a dark theme); any other document is returned as it is.
 * @param {Object} doc
 * @returns {Object}
 */
export function baseDocument(doc) {
  if (!isGroupLike(doc) || !Array.isArray(doc.resolutionOrder) || !isGroupLike(doc.sets)) {
    return doc;
  }
  for (const step of doc.resolutionOrder) {
    const ref = step && typeof step.$ref === "string" ? step.$ref : "";
    const name = ref.startsWith("#/sets/") ? ref.slice("#/sets/".length) : null;
    const set = name ? doc.sets[name] : null;
    const source = set && Array.isArray(set.sources) ? set.sources[0] : null;
    if (isGroupLike(source)) return source;
  }
  return doc;
}

export class TokenDocument {
  /**
   * @param {Object} doc - a DTCG token document, or a resolver document (its default mode is read)
   */
  constructor(doc) {
    if (!isGroupLike(doc)) throw new TypeError("a token document is a JSON object");
    doc = baseDocument(doc);
    /** @type {DocToken[]} */
    this.tokens = [];
    /** @type {Map<string, {path: string[], description: string|null, reason: string|null}>} */
    this.groups = new Map();
    this.#walk(doc, [], undefined);
    /** @type {Map<string, DocToken>} */
    this.byName = new Map(this.tokens.map((t) => [t.name, t]));
    const root = ownExtensions(doc);
    /** @type {Array<{id: string, name: string|null, width_px: number, height_px: number, dpr: number}>} */
    this.images = Array.isArray(root.images) ? root.images : [];
    /** @type {Object<string, number>} */
    this.timings = isGroupLike(root.timings_ms) ? root.timings_ms : {};
    /** @type {string|null} */
    this.reason = typeof root.reason === "string" ? root.reason : null;
  }

  #walk(node, path, inheritedType) {
    const type = typeof node.$type === "string" ? node.$type : inheritedType;
    if (path.length) {
      const own = ownExtensions(node);
      this.groups.set(path.join("."), {
        path,
        description: typeof node.$description === "string" ? node.$description : null,
        reason: typeof own.reason === "string" ? own.reason : null,
      });
    }
    for (const [key, child] of Object.entries(node)) {
      if (key.startsWith("$") || !isGroupLike(child)) continue;
      const childPath = [...path, key];
      if ("$value" in child) this.tokens.push(this.#token(child, childPath, type));
      else this.#walk(child, childPath, type);
    }
  }

  #token(node, path, inheritedType) {
    const own = ownExtensions(node);
    return {
      name: path.join("."),
      path,
      type: typeof node.$type === "string" ? node.$type : inheritedType,
      value: node.$value,
      description: typeof node.$description === "string" ? node.$description : null,
      confidence: typeof own.confidence === "number" ? own.confidence : null,
      evidence: readEvidence(own),
      source: Array.isArray(own.source) ? own.source.filter((s) => typeof s === "string") : [],
    };
  }

  /**
   * Tokens whose path starts with `prefix`.
   * @param {...string} prefix
   * @returns {DocToken[]}
   */
  group(...prefix) {
    return this.tokens.filter((t) => prefix.every((name, i) => t.path[i] === name));
  }

  /**
   * The token an alias chain ends at (the token itself when it is not an alias).
   * @param {DocToken} token
   * @returns {DocToken|null} null when an alias does not resolve or loops
   */
  terminal(token) {
    let current = token;
    for (let depth = 0; depth < MAX_ALIAS_DEPTH; depth += 1) {
      if (!isAlias(current.value)) return current;
      const next = this.byName.get(aliasTarget(current.value));
      if (!next) return null;
      current = next;
    }
    return null;
  }

  /**
   * `value` with every alias, also inside composites, replaced by what it points to.
   * @param {*} value
   * @param {number} [depth]
   * @returns {*} undefined when an alias does not resolve or loops
   */
  resolve(value, depth = 0) {
    if (depth > MAX_ALIAS_DEPTH) return undefined;
    if (isAlias(value)) {
      const target = this.byName.get(aliasTarget(value));
      return target ? this.resolve(target.value, depth + 1) : undefined;
    }
    if (Array.isArray(value)) {
      // A fontFamily list holds names, a shadow list holds layers: resolve only layers.
      return value.map((item) => (isGroupLike(item) || isAlias(item) ? this.resolve(item, depth + 1) : item));
    }
    if (isGroupLike(value) && !("colorSpace" in value) && !("unit" in value)) {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, this.resolve(v, depth + 1)]),
      );
    }
    return value;
  }

  /**
   * Tokens that alias `target` directly (roles pointing at a palette colour).
   * @param {DocToken} target
   * @returns {DocToken[]}
   */
  aliasesOf(target) {
    const ref = `{${target.name}}`;
    return this.tokens.filter((t) => t.value === ref);
  }
}
