// Server refusals on the form fields they name (problem+json errors[].field), and focus on the first field to fix.
import type { FormGroup } from '@angular/forms';

/** Puts each refusal on its control (`tags[3]` and `tags.3` name `tags`); true when at least one found its field. */
export function applyFieldErrors(form: FormGroup, fields: readonly { readonly field: string; readonly message: string }[]): boolean {
  let placed = false;
  for (const { field, message } of fields) {
    const control = form.get(field.split(/[.[]/)[0] ?? field);
    if (control === null) continue;
    control.setErrors({ server: message });
    control.markAsTouched();
    placed = true;
  }
  return placed;
}

/** Moves focus to the first field with an error, once the view shows the errors, so the person hears what to fix. */
export function focusFirstInvalid(): void {
  queueMicrotask(() => document.querySelector<HTMLElement>(
    'form input.ng-invalid, form textarea.ng-invalid, form mat-select.ng-invalid, form .ng-invalid input, form .ng-invalid textarea',
  )?.focus());
}
