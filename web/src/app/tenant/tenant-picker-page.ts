// The start page: with one tenant, straight to its entries; with several, the choice (remembered in the URL from
// then on); with none, a page that says so and what to do about it.
import { ChangeDetectionStrategy, Component, OnInit, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatListModule } from '@angular/material/list';
import { Router, RouterLink } from '@angular/router';
import { AuthService } from '../auth/auth.service';
import { StatePanel } from '../ui/state-panel';
import { phaseLabel } from '../tenants/tenant-phase';
import { MyTenantsService } from './my-tenants.service';

@Component({
  selector: 'app-tenant-picker-page',
  imports: [MatButtonModule, MatIconModule, MatListModule, RouterLink, StatePanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="page">
      @if (mine.failure(); as failure) {
        <h1 class="visually-hidden">Your tenants</h1>
        <app-state-panel icon="cloud_off" tone="error" role="alert" heading="Your tenants could not be loaded" [message]="failure.detail">
          <button mat-flat-button type="button" (click)="retry()"><mat-icon svgIcon="refresh" aria-hidden="true" />Try again</button>
        </app-state-panel>
      } @else if (mine.tenants().length === 0) {
        <h1 class="visually-hidden">No tenant</h1>
        <app-state-panel icon="apartment" heading="You have no tenant yet" [message]="noTenantMessage()">
          @if (mine.platformAdmin()) { <a mat-flat-button routerLink="/admin/tenants">Manage tenants</a> }
          <button mat-button type="button" (click)="auth.signOut()">Sign out</button>
        </app-state-panel>
      } @else {
        <div class="page-header"><h1>Choose a tenant</h1></div>
        <mat-nav-list aria-label="Your tenants" class="tenants">
          @for (tenant of mine.tenants(); track tenant.name) {
            <a mat-list-item [routerLink]="['/t', tenant.name, 'entries']">
              <mat-icon matListItemIcon svgIcon="apartment" aria-hidden="true" />
              <span matListItemTitle>{{ tenant.displayName }}</span>
              <span matListItemLine>{{ tenant.name }} · {{ tenant.roles.join(', ') }} · {{ phaseText(tenant.phase, tenant.suspended) }}</span>
            </a>
          }
        </mat-nav-list>
        @if (mine.platformAdmin()) { <p><a mat-button routerLink="/admin/tenants">Manage every tenant</a></p> }
      }
    </div>
  `,
  styles: `.tenants { max-width: 640px; border-radius: 12px; background: var(--mat-sys-surface-container-low); }`,
})
export class TenantPickerPage implements OnInit {
  protected readonly mine = inject(MyTenantsService);
  protected readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  protected readonly noTenantMessage = computed(() =>
    `You are signed in as ${this.auth.email() ?? 'this user'}, but no tenant has given you access. Ask a tenant admin to invite that address.`
    + (this.mine.platformAdmin() ? ' As a platform admin you can manage the tenants themselves.' : ''));
  protected readonly phaseText = phaseLabel;

  async ngOnInit(): Promise<void> {
    const loaded = await this.mine.load();
    const only = loaded?.items.length === 1 && !loaded.user.platformAdmin ? loaded.items[0] : undefined;
    if (only !== undefined) await this.router.navigate(['/t', only.name, 'entries'], { replaceUrl: true });
  }

  protected retry(): void {
    void this.mine.load(true);
  }
}
