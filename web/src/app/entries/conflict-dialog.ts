// The choice after a 412: someone changed the entry since it was opened. Shows their version beside the edits,
// then reload theirs (the edits are dropped), overwrite with the edits, or keep editing.
import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import type { Entry, EntryInput } from '../api/api-types';

export interface ConflictDialogData {
  readonly mine: Required<EntryInput>;
  readonly theirs: Entry;
}

export type ConflictChoice = 'reload' | 'overwrite' | 'keep';

interface FieldDifference {
  readonly label: string;
  readonly mine: string;
  readonly theirs: string;
}

@Component({
  selector: 'app-conflict-dialog',
  imports: [DatePipe, MatButtonModule, MatDialogModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>This entry was changed meanwhile</h2>
    <mat-dialog-content>
      <p>Someone saved version {{ data.theirs.version }} on {{ data.theirs.updatedAt | date: 'medium' }}, after you opened it.
        @if (differences.length === 0) { Their version has the same content as yours. } @else { Here is what differs: }</p>
      @if (differences.length > 0) {
        <table class="differences">
          <caption class="visually-hidden">Your changes and theirs</caption>
          <thead><tr><th scope="col">Field</th><th scope="col">Yours</th><th scope="col">Theirs</th></tr></thead>
          <tbody>
            @for (difference of differences; track difference.label) {
              <tr><th scope="row">{{ difference.label }}</th><td>{{ difference.mine }}</td><td>{{ difference.theirs }}</td></tr>
            }
          </tbody>
        </table>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" [mat-dialog-close]="'keep'" cdkFocusInitial>Keep editing</button>
      <button mat-stroked-button type="button" [mat-dialog-close]="'reload'">Reload theirs</button>
      <button mat-flat-button type="button" class="danger" [mat-dialog-close]="'overwrite'">Overwrite with mine</button>
    </mat-dialog-actions>
  `,
  styles: `
    .differences { border-collapse: collapse; width: 100%; }
    .differences th, .differences td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--mat-sys-outline-variant); }
    .differences td { white-space: pre-wrap; word-break: break-word; max-width: 240px; }
  `,
})
export class ConflictDialog {
  protected readonly data = inject<ConflictDialogData>(MAT_DIALOG_DATA);
  protected readonly differences: readonly FieldDifference[] = differencesOf(this.data.mine, this.data.theirs);
}

function differencesOf(mine: Required<EntryInput>, theirs: Entry): FieldDifference[] {
  const shorten = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}…` : text);
  const rows: FieldDifference[] = [];
  if (mine.title !== theirs.title) rows.push({ label: 'Title', mine: mine.title, theirs: theirs.title });
  if (mine.body !== theirs.body) rows.push({ label: 'Text', mine: shorten(mine.body), theirs: shorten(theirs.body) });
  if (mine.status !== theirs.status) rows.push({ label: 'Status', mine: mine.status, theirs: theirs.status });
  if (mine.tags.join(', ') !== theirs.tags.join(', ')) rows.push({ label: 'Tags', mine: mine.tags.join(', '), theirs: theirs.tags.join(', ') });
  return rows;
}
