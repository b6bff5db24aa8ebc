// The entry form's validators, from the entries table's rules (entry-rules.ts).
import { Validators, type AbstractControl, type ValidationErrors, type ValidatorFn } from '@angular/forms';
import { entryRules } from './entry-rules';

/** Comma-separated tags: at most `tagsMax` of them. */
export const tagsValidator: ValidatorFn = (control: AbstractControl<string>): ValidationErrors | null => {
  const count = control.value.split(',').map((tag) => tag.trim()).filter((tag) => tag !== '').length;
  return count > entryRules.tagsMax ? { tooManyTags: { max: entryRules.tagsMax, actual: count } } : null;
};

export const titleValidators = [Validators.required, Validators.minLength(entryRules.titleMin), Validators.maxLength(entryRules.titleMax)];
export const bodyValidators = [Validators.maxLength(entryRules.bodyMax)];
