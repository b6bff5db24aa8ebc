// Provisions a tenant: the form checks the Tenant CRD's own rules first (name, display name, admins' e-mails);
// whatever the API server still refuses is shown in its own words, on the field it names when it names one.
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators, type AbstractControl, type ValidationErrors } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatRadioModule } from '@angular/material/radio';
import { MatSelectModule } from '@angular/material/select';
import { Router, RouterLink } from '@angular/router';
import type { CreateTenantInput } from '../api/api-types';
import { toFailure } from '../api/problem';
import { applyFieldErrors, focusFirstInvalid } from '../ui/form-errors';
import { adminProblems, parseAdmins, tenantRules } from './tenant-rules';
import { TenantsService } from './tenants.service';

const adminsValidator = (control: AbstractControl<string>): ValidationErrors | null => {
  const problems = adminProblems(parseAdmins(control.value));
  return problems.length === 0 ? null : { admins: problems.join('; ') };
};

@Component({
  selector: 'app-tenant-form-page',
  imports: [MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatRadioModule, MatSelectModule, ReactiveFormsModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './tenant-form-page.html',
  styles: `
    .narrow-page { max-width: 720px; }
    form { display: flex; flex-direction: column; gap: 4px; }
    .full { width: 100%; }
    fieldset { border: 0; padding: 0; margin: 8px 0 16px; }
    legend { font: var(--mat-sys-title-small); margin-bottom: 4px; }
    .row { display: flex; gap: 12px; flex-wrap: wrap; }
    .row mat-form-field { flex: 1; min-width: 200px; }
    .refusal { font-family: ui-monospace, monospace; }
    .submit { margin-top: 12px; }
  `,
})
export class TenantFormPage {
  private readonly tenants = inject(TenantsService);
  private readonly router = inject(Router);
  protected readonly rules = tenantRules;
  protected readonly saving = signal(false);
  /** The API server's (or the platform's) refusal, verbatim. */
  protected readonly refusal = signal<string | null>(null);

  protected readonly form = new FormGroup({
    name: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(tenantRules.nameMaxLength), Validators.pattern(tenantRules.namePattern)] }),
    displayName: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(tenantRules.displayNameMaxLength)] }),
    tier: new FormControl<'pool' | 'silo'>('pool', { nonNullable: true }),
    plan: new FormControl<'free' | 'standard' | 'enterprise'>('standard', { nonNullable: true }),
    deletionPolicy: new FormControl<'Retain' | 'Delete'>('Retain', { nonNullable: true }),
    admins: new FormControl('', { nonNullable: true, validators: [adminsValidator] }),
  });

  protected async submit(): Promise<void> {
    this.refusal.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid();
      return;
    }
    const value = this.form.getRawValue();
    const input: CreateTenantInput = {
      name: value.name, displayName: value.displayName.trim(), tier: value.tier, plan: value.plan,
      deletionPolicy: value.deletionPolicy, admins: parseAdmins(value.admins),
    };
    this.saving.set(true);
    try {
      const created = await this.tenants.create(input);
      await this.router.navigate(['/admin/tenants', created.name]);
    } catch (error) {
      const failure = toFailure(error);
      this.refusal.set(failure.detail);
      applyFieldErrors(this.form, failure.fields);
    } finally {
      this.saving.set(false);
    }
  }
}
