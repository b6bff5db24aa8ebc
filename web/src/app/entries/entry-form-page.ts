// Writes a new entry or edits one: the form checks the table's own rules first, shows the API's refusals on the
// field they name, settles a 412 edit conflict with the person, and deletes after a confirmation.
import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, OnInit, computed, inject, input, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router, RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import type { Entry, EntryInput, EntryStatus } from '../api/api-types';
import { tenantBlockOf, toFailure, type ApiFailure } from '../api/problem';
import { MyTenantsService } from '../tenant/my-tenants.service';
import { TenantBlockedPanel } from '../tenant/tenant-blocked-panel';
import { ConfirmDialog, type ConfirmDialogData } from '../ui/confirm-dialog';
import { applyFieldErrors, focusFirstInvalid } from '../ui/form-errors';
import { StatePanel } from '../ui/state-panel';
import { ConflictDialog, type ConflictChoice, type ConflictDialogData } from './conflict-dialog';
import { entryStatuses, parseTags } from './entries-view';
import { EntriesService } from './entries.service';
import { entryRules } from './entry-rules';
import { bodyValidators, tagsValidator, titleValidators } from './entry-validators';

@Component({
  selector: 'app-entry-form-page',
  imports: [
    DatePipe, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatProgressBarModule, MatSelectModule,
    ReactiveFormsModule, RouterLink, StatePanel, TenantBlockedPanel,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './entry-form-page.html',
  styleUrl: './entry-form-page.scss',
})
export class EntryFormPage implements OnInit {
  private readonly entries = inject(EntriesService);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly router = inject(Router);
  protected readonly mine = inject(MyTenantsService);
  readonly tenant = input.required<string>();
  /** Absent for a new entry. */
  readonly id = input<string>();

  protected readonly entry = signal<Entry | null>(null);
  protected readonly loading = signal(false);
  protected readonly saving = signal(false);
  protected readonly loadFailure = signal<ApiFailure | null>(null);
  protected readonly saveProblem = signal<string | null>(null);
  protected readonly block = computed(() => { const failure = this.loadFailure(); return failure === null ? undefined : tenantBlockOf(failure); });
  protected readonly canWrite = computed(() => this.mine.can(this.tenant(), 'entries:write'));
  protected readonly rules = entryRules;
  protected readonly statuses = entryStatuses;

  protected readonly form = new FormGroup({
    title: new FormControl('', { nonNullable: true, validators: titleValidators }),
    body: new FormControl('', { nonNullable: true, validators: bodyValidators }),
    status: new FormControl<EntryStatus>('draft', { nonNullable: true }),
    tags: new FormControl('', { nonNullable: true, validators: [tagsValidator] }),
  });

  async ngOnInit(): Promise<void> {
    // A reader sees the fields, read-only, and no button to save them (new entry or not).
    if (!this.canWrite()) this.form.disable();
    const id = this.id();
    if (id === undefined) return;
    this.loading.set(true);
    try {
      this.show(await this.entries.get(this.tenant(), id));
    } catch (error) {
      this.loadFailure.set(toFailure(error));
    } finally {
      this.loading.set(false);
    }
  }

  protected async save(): Promise<void> {
    this.saveProblem.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid();
      return;
    }
    const current = this.entry();
    await this.write(current === null ? undefined : current.version);
  }

  protected async remove(): Promise<void> {
    const entry = this.entry();
    if (entry === null) return;
    const confirmed = await firstValueFrom(this.dialog.open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, {
      data: { title: 'Delete this entry?', message: `“${entry.title}” will be deleted for everyone in this tenant. This cannot be undone.`, confirmLabel: 'Delete' },
    }).afterClosed());
    if (confirmed !== true) return;
    try {
      await this.entries.remove(this.tenant(), entry.id, entry.version);
      this.snackBar.open('Entry deleted', undefined, { duration: 4000 });
      await this.router.navigate(['/t', this.tenant(), 'entries']);
    } catch (error) {
      const failure = toFailure(error);
      this.saveProblem.set(failure.status === 412 ? 'Someone changed this entry meanwhile. Reload it before deleting.' : failure.detail);
    }
  }

  private async write(version: number | undefined): Promise<void> {
    const input = this.input();
    this.saving.set(true);
    try {
      const id = this.id();
      const saved = id === undefined
        ? await this.entries.create(this.tenant(), input)
        : await this.entries.update(this.tenant(), id, version ?? 0, input);
      this.snackBar.open(id === undefined ? 'Entry created' : 'Entry saved', undefined, { duration: 4000 });
      if (id === undefined) await this.router.navigate(['/t', this.tenant(), 'entries', saved.id], { replaceUrl: true });
      this.show(saved);
    } catch (error) {
      await this.refused(toFailure(error), input);
    } finally {
      this.saving.set(false);
    }
  }

  /** The API's refusal on the fields it names; a 412 becomes the person's choice. */
  private async refused(failure: ApiFailure, mine: Required<EntryInput>): Promise<void> {
    if (failure.status === 412) {
      await this.settleConflict(mine);
      return;
    }
    if (applyFieldErrors(this.form, failure.fields)) focusFirstInvalid();
    else this.saveProblem.set(failure.detail);
  }

  private async settleConflict(mine: Required<EntryInput>): Promise<void> {
    const id = this.id()!;
    let theirs: Entry;
    try {
      theirs = await this.entries.get(this.tenant(), id);
    } catch (error) {
      this.saveProblem.set(toFailure(error).detail);
      return;
    }
    const choice = await firstValueFrom(this.dialog.open<ConflictDialog, ConflictDialogData, ConflictChoice>(ConflictDialog, {
      data: { mine, theirs }, maxWidth: '720px', width: 'calc(100vw - 32px)',
    }).afterClosed());
    if (choice === 'reload') {
      this.show(theirs);
      this.snackBar.open(`Showing their version ${theirs.version}`, undefined, { duration: 4000 });
    } else if (choice === 'overwrite') {
      this.entry.set(theirs);
      await this.write(theirs.version);
    }
  }

  private input(): Required<EntryInput> {
    const value = this.form.getRawValue();
    return { title: value.title.trim(), body: value.body, status: value.status, tags: parseTags(value.tags) };
  }

  private show(entry: Entry): void {
    this.entry.set(entry);
    this.form.reset({ title: entry.title, body: entry.body, status: entry.status, tags: entry.tags.join(', ') });
  }
}
