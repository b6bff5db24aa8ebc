// One intentional look for every screen that has no content to show: empty, loading failed, forbidden, suspended,
// provisioning — an icon, a heading, what it means, and what the person can do.
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';

export type StateTone = 'neutral' | 'info' | 'warning' | 'error';

@Component({
  selector: 'app-state-panel',
  imports: [MatIconModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'class': 'state-panel', '[class]': '"state-panel tone-" + tone()', '[attr.role]': 'role()' },
  template: `
    <mat-icon class="state-icon" [svgIcon]="icon()" aria-hidden="true" />
    <h2 class="state-title">{{ heading() }}</h2>
    <p class="state-message">{{ message() }}</p>
    <div class="state-actions"><ng-content /></div>
  `,
  styles: `
    :host { display: flex; flex-direction: column; align-items: center; text-align: center; gap: 8px;
      padding: 48px 24px; max-width: 560px; margin: 24px auto; border-radius: 16px; background: var(--panel-bg); }
    .state-icon { width: 48px; height: 48px; color: var(--tone); }
    .state-title { margin: 8px 0 0; font: var(--mat-sys-title-large); }
    .state-message { margin: 0; color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-large); }
    .state-actions { display: flex; flex-wrap: wrap; gap: 8px; justify-content: center; margin-top: 16px; }
    :host(.tone-neutral) { --tone: var(--mat-sys-on-surface-variant); --panel-bg: var(--mat-sys-surface-container-low); }
    :host(.tone-info) { --tone: var(--mat-sys-primary); --panel-bg: var(--mat-sys-surface-container-low); }
    :host(.tone-warning) { --tone: #8a5300; --panel-bg: #fff4e0; }
    :host(.tone-error) { --tone: var(--mat-sys-error); --panel-bg: var(--mat-sys-error-container); }
  `,
})
export class StatePanel {
  readonly icon = input.required<string>();
  readonly heading = input.required<string>();
  readonly message = input.required<string>();
  readonly tone = input<StateTone>('neutral');
  /** `alert` for failures, so screen readers announce them; `status` otherwise. */
  readonly role = input<'status' | 'alert'>('status');
}
