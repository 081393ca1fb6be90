/**
 * Small DOM helpers: build elements without innerHTML, find required nodes, toggle visibility.
 *
 * Text always goes in as text nodes, so values from token documents or file names can never
 * become markup.
 */

/**
 * Create an element.
 * @param {string} tag - element name; "svg:" prefix creates an SVG element.
 * @param {Object<string, *>} [attrs] - attributes; `class`, `text`, `dataset`, `on<Event>` handled specially;
 *     `false`, `null` and `undefined` values are skipped, `true` sets an empty attribute.
 * @param {...(Node|string|null|undefined|false)} children
 * @returns {Element}
 */
export function h(tag, attrs = {}, ...children) {
  const el = tag.startsWith("svg:")
    ? document.createElementNS("http://www.w3.org/2000/svg", tag.slice(4))
    : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (key === "text") el.textContent = String(value);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else el.setAttribute(key === "className" ? "class" : key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

/**
 * Append children, skipping empty ones; strings become text nodes.
 * @param {Element} el
 * @param {Array<Node|string|null|undefined|false>} children
 */
export function append(el, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
}

/**
 * The element matching `selector`; throws when the page lacks it (a template/script mismatch).
 * @param {string} selector
 * @param {ParentNode} [root]
 * @returns {HTMLElement}
 */
export function $(selector, root = document) {
  const el = root.querySelector(selector);
  if (!el) throw new Error(`page is missing ${selector}`);
  return /** @type {HTMLElement} */ (el);
}

/**
 * Show `el` (remove `hidden`) with `text`, or hide it when `text` is empty.
 * @param {HTMLElement} el
 * @param {string} [text]
 */
export function showText(el, text) {
  el.textContent = text ?? "";
  el.hidden = !text;
}

/**
 * Remove every child of `el`.
 * @param {Element} el
 */
export function clear(el) {
  el.replaceChildren();
}
