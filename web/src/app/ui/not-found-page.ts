// The page for an address the app does not know.
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { StatePanel } from './state-panel';

@Component({
  selector: 'app-not-found-page',
  imports: [MatButtonModule, RouterLink, StatePanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="page">
      <h1 class="visually-hidden">Page not found</h1>
      <app-state-panel icon="help" heading="There is no such page" message="The address may be mistyped, or the page has moved.">
        <a mat-flat-button routerLink="/">Go to your tenants</a>
      </app-state-panel>
    </div>
  `,
})
export class NotFoundPage {}
