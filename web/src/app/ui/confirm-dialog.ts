// A confirmation before something that cannot be undone; optionally asks to type a word (a tenant's name) first.
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';

export interface ConfirmDialogData {
  readonly title: string;
  readonly message: string;
  /** More lines shown under the message (e.g. the deletion policy). */
  readonly details?: readonly string[];
  readonly confirmLabel: string;
  /** When set, the confirm button stays disabled until exactly this is typed. */
  readonly typeToConfirm?: string;
}

@Component({
  selector: 'app-confirm-dialog',
  imports: [FormsModule, MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <mat-dialog-content>
      <p>{{ data.message }}</p>
      @for (line of data.details ?? []; track line) { <p class="detail">{{ line }}</p> }
      @if (data.typeToConfirm) {
        <mat-form-field appearance="outline" class="full-width">
          <mat-label>Type {{ data.typeToConfirm }} to confirm</mat-label>
          <input matInput name="confirmation" autocomplete="off" [ngModel]="typed()" (ngModelChange)="typed.set($event)" cdkFocusInitial />
        </mat-form-field>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button [mat-dialog-close]="false" [attr.cdkFocusInitial]="data.typeToConfirm ? null : ''">Cancel</button>
      <button mat-flat-button class="danger" [mat-dialog-close]="true" [disabled]="!confirmable()">{{ data.confirmLabel }}</button>
    </mat-dialog-actions>
  `,
  styles: `.detail { color: var(--mat-sys-on-surface-variant); } .full-width { width: 100%; margin-top: 8px; }`,
})
export class ConfirmDialog {
  protected readonly data = inject<ConfirmDialogData>(MAT_DIALOG_DATA);
  protected readonly typed = signal('');
  protected readonly confirmable = computed(() => this.data.typeToConfirm === undefined || this.typed() === this.data.typeToConfirm);
}
