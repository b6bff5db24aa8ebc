// The rules an entry must meet, as the entries table's CHECK constraints state them (migrations/tenant): the form
// checks them before sending, and a test keeps these numbers equal to the migration's.
import { Validators, type AbstractControl, type ValidationErrors, type ValidatorFn } from '@angular/forms';

export const entryRules = {
  titleMin: 1,
  titleMax: 200,
  bodyMax: 100_000,
  tagsMax: 20,
} as const;

/** Comma-separated tags: at most `tagsMax` of them. */
export const tagsValidator: ValidatorFn = (control: AbstractControl<string>): ValidationErrors | null => {
  const count = control.value.split(',').map((tag) => tag.trim()).filter((tag) => tag !== '').length;
  return count > entryRules.tagsMax ? { tooManyTags: { max: entryRules.tagsMax, actual: count } } : null;
};

export const titleValidators = [Validators.required, Validators.minLength(entryRules.titleMin), Validators.maxLength(entryRules.titleMax)];
export const bodyValidators = [Validators.maxLength(entryRules.bodyMax)];
