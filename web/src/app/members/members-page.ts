// A tenant admin's view of the tenant's members: who has which role, the invitations still pending, invite by
// e-mail with a role, change a role, remove a member. Memberships from the Tenant's spec.admins are shown, fixed.
import { ChangeDetectionStrategy, Component, OnInit, computed, inject, input, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators, type FormGroupDirective } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { firstValueFrom } from 'rxjs';
import type { Membership, Role } from '../api/api-types';
import { toFailure, type ApiFailure } from '../api/problem';
import { ConfirmDialog, type ConfirmDialogData } from '../ui/confirm-dialog';
import { StatePanel } from '../ui/state-panel';
import { emailPattern } from '../tenants/tenant-rules';
import { MembersService } from './members.service';

@Component({
  selector: 'app-members-page',
  imports: [
    MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatProgressBarModule, MatSelectModule, ReactiveFormsModule, StatePanel,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './members-page.html',
  styleUrl: './members-page.scss',
})
export class MembersPage implements OnInit {
  private readonly members = inject(MembersService);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  readonly tenant = input.required<string>();

  protected readonly memberships = signal<Membership[] | null>(null);
  protected readonly roles = signal<Role[]>([]);
  protected readonly failure = signal<ApiFailure | null>(null);
  protected readonly problem = signal<string | null>(null);
  protected readonly active = computed(() => (this.memberships() ?? []).filter((membership) => !membership.pending));
  protected readonly pending = computed(() => (this.memberships() ?? []).filter((membership) => membership.pending));

  protected readonly invite = new FormGroup({
    email: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.pattern(emailPattern), Validators.maxLength(254)] }),
    role: new FormControl('viewer', { nonNullable: true, validators: [Validators.required] }),
  });

  async ngOnInit(): Promise<void> {
    await this.refresh();
    this.roles.set(await this.members.roles().catch(() => []));
  }

  protected async refresh(): Promise<void> {
    try {
      this.memberships.set(await this.members.list(this.tenant()));
      this.failure.set(null);
    } catch (error) {
      this.failure.set(toFailure(error));
    }
  }

  protected async sendInvite(directive: FormGroupDirective): Promise<void> {
    this.problem.set(null);
    if (this.invite.invalid) {
      this.invite.markAllAsTouched();
      return;
    }
    const { email, role } = this.invite.getRawValue();
    try {
      const added = await this.members.invite(this.tenant(), email.trim(), role);
      this.snackBar.open(added.pending ? `Invitation for ${email} waits for their first sign-in` : `${email} is now ${role}`, undefined, { duration: 5000 });
      // resetForm, not reset: the submitted state goes too, or the emptied field would show as an error.
      directive.resetForm({ email: '', role });
      await this.refresh();
    } catch (error) {
      const failure = toFailure(error);
      const field = failure.fields.find((candidate) => candidate.field === 'email' || candidate.field === 'role');
      if (field !== undefined) this.invite.get(field.field)?.setErrors({ server: field.message });
      else this.problem.set(failure.detail);
    }
  }

  protected async changeRole(membership: Membership, role: string): Promise<void> {
    this.problem.set(null);
    try {
      await this.members.changeRole(this.tenant(), membership.id, role);
      this.snackBar.open(`${who(membership)} is now ${role}`, undefined, { duration: 4000 });
    } catch (error) {
      this.problem.set(toFailure(error).detail);
    }
    await this.refresh();
  }

  protected async remove(membership: Membership): Promise<void> {
    const confirmed = await firstValueFrom(this.dialog.open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, {
      data: {
        title: membership.pending ? 'Withdraw this invitation?' : 'Remove this member?',
        message: `${who(membership)} loses the role ${membership.role} in tenant ${this.tenant()}.`,
        confirmLabel: membership.pending ? 'Withdraw' : 'Remove',
      },
    }).afterClosed());
    if (confirmed !== true) return;
    try {
      await this.members.remove(this.tenant(), membership.id);
      this.snackBar.open(`${who(membership)} removed`, undefined, { duration: 4000 });
    } catch (error) {
      this.problem.set(toFailure(error).detail);
    }
    await this.refresh();
  }

  protected readonly who = who;
}

function who(membership: Membership): string {
  return membership.email ?? membership.user ?? `membership ${membership.id}`;
}
