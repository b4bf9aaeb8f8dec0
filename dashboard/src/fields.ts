/**
 * Form controls for the pages that write: each control has its label, an optional hint, and a place for the
 * API's error about it (shown next to it, tied to it with aria-describedby and aria-invalid).
 */
import { type Child, h } from "./dom.ts";

export type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** A control and where its error goes. */
export interface Slot {
  control: Control;
  error: HTMLElement;
}

let last = 0;
/** A fresh element id: pages are rebuilt whole, so a counter is enough to keep ids unique. */
export const uid = (prefix = "w"): string => `${prefix}-${++last}`;

/** A labelled control: the field element to place, and its slot for errors. */
export function labelled(label: string, control: Control, hint?: string): { field: HTMLElement; slot: Slot } {
  control.id ||= uid();
  const error = h("p", { class: "field-error", id: `${control.id}-error`, hidden: true });
  const hintElement = hint ? h("p", { class: "hint", id: `${control.id}-hint` }, hint) : null;
  if (hintElement) control.setAttribute("aria-describedby", hintElement.id);
  const field = h(
    "div",
    { class: "field" },
    h("label", { for: control.id }, label),
    control,
    hintElement,
    error,
  );
  return { field, slot: { control, error } };
}

export function textInput(
  value: string | undefined,
  attributes: Record<string, string> = {},
): HTMLInputElement {
  return h("input", { type: "text", value: value ?? "", ...attributes });
}

/** A select of `[value, text]` options with `value` chosen; a value not among them is kept as an option. */
export function select(options: [string, string][], value: string | undefined): HTMLSelectElement {
  const all = value && !options.some(([option]) => option === value) ? [...options, [value, value]] : options;
  return h(
    "select",
    {},
    all.map(([option, text]) => h("option", { value: option, selected: option === (value ?? "") }, text)),
  );
}

/** Shows an error next to its control, or clears it (`message` undefined). */
export function setError(slot: Slot, message: string | undefined): void {
  slot.error.textContent = message ?? "";
  slot.error.hidden = message === undefined;
  const described = (slot.control.getAttribute("aria-describedby") ?? "")
    .split(" ")
    .filter((id) => id && id !== slot.error.id);
  if (message !== undefined) {
    slot.control.setAttribute("aria-invalid", "true");
    described.push(slot.error.id);
  } else slot.control.removeAttribute("aria-invalid");
  if (described.length > 0) slot.control.setAttribute("aria-describedby", described.join(" "));
  else slot.control.removeAttribute("aria-describedby");
}

/** A group of controls under a legend (checkboxes, a list of rows). */
export function group(legend: string, ...children: Child[]): HTMLFieldSetElement {
  return h("fieldset", { class: "group" }, h("legend", {}, legend), ...children);
}
