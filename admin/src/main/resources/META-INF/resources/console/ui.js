// Toasts (bottom right, as the user story has them) and modal dialogs (<dialog>.showModal():
// focus moves in and stays in, the page behind is inert, Escape closes, focus returns after).
import { h, uid } from './dom.js';

const TOAST_MS = 8000;

/** A message in the corner: kind 'success' or 'error' (announced at once). */
export function toast(message, kind = 'success') {
  const box = document.getElementById('toasts');
  const item = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    h('span', { class: 'toast-text' }, message),
    h('button', { type: 'button', class: 'toast-close', 'aria-label': 'Dismiss message', on: { click: () => item.remove() } }, '×'));
  box.append(item);
  setTimeout(() => item.remove(), kind === 'error' ? TOAST_MS * 2 : TOAST_MS);
  return item;
}

export function toastError(error) {
  if (error?.sessionEnded) {
    return null;
  }
  return toast(error?.message ?? String(error), 'error');
}

/** Closes every open dialog (a session that ends takes them with it). */
export function closeAllModals() {
  for (const dialog of document.querySelectorAll('dialog')) {
    dialog.close();
    dialog.remove();
  }
}

/**
 * A modal form: title, body nodes, and a submit button. onSubmit(event) may throw an ApiError:
 * its detail is shown in the dialog and as a toast, and the dialog stays open. Resolves when closed.
 */
export function modal({ title, body, submitLabel, submitClass = 'primary', onSubmit, cancelLabel = 'Cancel', onCancel, closable = true }) {
  const titleId = uid('dlg');
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: submitClass }, submitLabel);
  const actions = h('div', { class: 'actions' });
  if (cancelLabel) {
    actions.append(h('button', { type: 'button', class: 'secondary', on: { click: () => close(false) } }, cancelLabel));
  }
  actions.append(submit);
  const form = h('form', { novalidate: false }, h('h2', { id: titleId }, title), body, error, actions);
  const dialog = h('dialog', { class: 'modal', 'aria-labelledby': titleId }, form);
  const opener = document.activeElement;
  let settle;
  const done = new Promise((resolve) => { settle = resolve; });

  function close(result) {
    if (!dialog.isConnected) {
      return;
    }
    dialog.close();
    dialog.remove();
    if (!result && onCancel) {
      onCancel();
    }
    if (opener instanceof HTMLElement && opener.isConnected) {
      opener.focus();
    } else {
      document.querySelector('main h1')?.focus();
    }
    settle(result);
  }

  dialog.addEventListener('cancel', (event) => {
    event.preventDefault();
    if (closable) {
      close(false);
    }
  });
  // A close the page did not ask for (the browser's own, e.g. a repeated Escape): same clean-up.
  dialog.addEventListener('close', () => close(false));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    submit.disabled = true;
    try {
      const result = await onSubmit(event);
      close(result ?? true);
    } catch (e) {
      if (dialog.isConnected) {
        error.textContent = e?.message ?? String(e);
        error.hidden = false;
        toast(e?.message ?? String(e), 'error');
      }
    } finally {
      submit.disabled = false;
    }
  });
  document.body.append(dialog);
  dialog.showModal();
  const first = dialog.querySelector('[autofocus]') ?? dialog.querySelector('input:not([type=hidden]):not([disabled]), select, textarea');
  first?.focus();
  return { dialog, done, close };
}

/** A yes/no question; resolves true when confirmed (the action runs inside, so errors keep it open). */
export function confirm({ title, message, confirmLabel, action, danger = true }) {
  return modal({
    title,
    body: [].concat(message).map((line) => h('p', {}, line)),
    submitLabel: confirmLabel,
    submitClass: danger ? 'danger' : 'primary',
    onSubmit: action,
  }).done;
}
