// Building the page: every API value becomes a text node (Node.append with a string), never
// markup: the console never parses a string as HTML.

/**
 * h('button', {class: 'x', on: {click}}, 'text', child...): an element. Props are attributes,
 * except `on` (listeners) and the live properties `value` and `checked`. null/false are skipped.
 */
export function h(tag, props = {}, ...children) {
  return build(document.createElement(tag), props, children);
}

const SVG = 'http://www.w3.org/2000/svg';

function build(element, props, children) {
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (key === 'on') {
      for (const [event, listener] of Object.entries(value)) {
        element.addEventListener(event, listener);
      }
    } else if (key === 'value' || key === 'checked') {
      element[key] = value;
    } else {
      element.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

export function append(element, ...children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** Replaces an element's children. */
export function fill(element, ...children) {
  element.replaceChildren();
  return append(element, children);
}

function svg(tag, props, ...children) {
  return build(document.createElementNS(SVG, tag), props, children);
}

/** The bin icon of the revoke button (decorative: the button carries the name). */
export function binIcon() {
  return svg('svg', { viewBox: '0 0 24 24', width: 18, height: 18, 'aria-hidden': 'true', focusable: 'false', class: 'icon' },
    svg('path', { d: 'M9 3h6l1 2h4v2H4V5h4l1-2zm-3 6h12l-1 12H7L6 9zm4 2v8h2v-8h-2zm4 0v8h2v-8h-2z', fill: 'currentColor' }));
}

let ids = 0;
/** A document-unique id for label/aria links. */
export const uid = (prefix) => `${prefix}-${++ids}`;

/** A labelled input: [label, input] inside a .field, with an optional hint. */
export function field(labelText, input, hint) {
  const id = input.id || uid('f');
  input.id = id;
  const parts = [h('label', { for: id }, labelText), input];
  if (hint) {
    const hintId = `${id}-hint`;
    input.setAttribute('aria-describedby', hintId);
    parts.push(h('p', { class: 'hint', id: hintId }, hint));
  }
  return h('div', { class: 'field' }, parts);
}

/** DEVELOPER -> "Developer", WORKSPACE_MANAGER -> "Workspace manager". */
export function roleLabel(name) {
  const words = String(name).toLowerCase().split('_');
  return [words[0].charAt(0).toUpperCase() + words[0].slice(1), ...words.slice(1)].join(' ');
}

/** "Developer, Workspace manager (ws-1, ws-2)". */
export function rolesText(roles) {
  if (!Array.isArray(roles) || roles.length === 0) {
    return 'none';
  }
  return roles.map((r) => roleLabel(r.name) + (r.workspaces?.length ? ` (${r.workspaces.join(', ')})` : '')).join(', ');
}

/** A <time> for an RFC 3339 timestamp, shown as "2026-12-03 12:09 UTC"; a dash for none. */
export function time(iso, none = '—') {
  if (!iso) {
    return h('span', { class: 'muted' }, none);
  }
  const date = new Date(iso);
  const text = Number.isNaN(date.getTime()) ? String(iso) : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return h('time', { datetime: String(iso) }, text);
}

export const loginLabel = (option) => (option === 'INTERACTIVE' ? 'Interactive' : option === 'NON_INTERACTIVE' ? 'Non Interactive' : String(option ?? ''));
