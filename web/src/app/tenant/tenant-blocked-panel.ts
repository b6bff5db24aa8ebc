// What a tenant's page shows when the gateway refuses the tenant itself: suspended (403), still provisioning (503
// with Retry-After: tried again by itself), stalled (503 without), a role without the permission (403), or no such
// tenant for this user (404: unknown and not-a-member read alike).
import { ChangeDetectionStrategy, Component, DestroyRef, OnInit, computed, inject, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import type { ApiFailure, TenantBlock } from '../api/problem';
import { StatePanel, type StateTone } from '../ui/state-panel';

const screens: Record<TenantBlock, { icon: string; tone: StateTone; heading: string; message: (tenant: string) => string }> = {
  suspended: {
    icon: 'block', tone: 'warning', heading: 'This tenant is suspended',
    message: (tenant) => `Tenant ${tenant} has been suspended by a platform administrator. Its data is kept, but nobody can use it until it is resumed.`,
  },
  provisioning: {
    icon: 'hourglass_top', tone: 'info', heading: 'This tenant is being set up',
    message: (tenant) => `The storage of tenant ${tenant} is still being provisioned. This page tries again by itself in a moment.`,
  },
  stalled: {
    icon: 'warning', tone: 'error', heading: 'This tenant is not available',
    message: (tenant) => `Setting up tenant ${tenant} has stopped on a problem that needs a platform administrator.`,
  },
  forbidden: {
    icon: 'lock', tone: 'warning', heading: 'Your role does not allow this',
    message: (tenant) => `You are a member of tenant ${tenant}, but your role does not allow this. Ask one of its admins.`,
  },
  unknown: {
    icon: 'help', tone: 'neutral', heading: 'There is no such tenant',
    message: (tenant) => `No tenant named ${tenant} is available to you: it does not exist, or you are not one of its members.`,
  },
};

@Component({
  selector: 'app-tenant-blocked-panel',
  imports: [MatButtonModule, MatIconModule, RouterLink, StatePanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <app-state-panel [icon]="screen().icon" [tone]="screen().tone" role="alert" [heading]="screen().heading" [message]="screen().message(tenant())">
      <!-- Stalled: nothing changes until an operator acts, so no "try again" (the gateway says so too). -->
      @if (reason() === 'provisioning') {
        <button mat-flat-button type="button" (click)="retry.emit()"><mat-icon svgIcon="refresh" aria-hidden="true" />Try again</button>
      }
      <a mat-button routerLink="/">Your tenants</a>
    </app-state-panel>
    @if (reason() === 'forbidden' || reason() === 'stalled') { <p class="detail muted">{{ failure().detail }}</p> }
  `,
  styles: `.detail { text-align: center; font: var(--mat-sys-body-small); }`,
})
export class TenantBlockedPanel implements OnInit {
  readonly reason = input.required<TenantBlock>();
  readonly tenant = input.required<string>();
  readonly failure = input.required<ApiFailure>();
  readonly retry = output<void>();
  protected readonly screen = computed(() => screens[this.reason()]);
  private readonly destroyRef = inject(DestroyRef);

  ngOnInit(): void {
    // Provisioning ends by itself: ask again when the gateway's Retry-After says it is worth it.
    if (this.reason() !== 'provisioning') return;
    const timer = setTimeout(() => this.retry.emit(), (this.failure().retryAfterSeconds ?? 2) * 1000);
    this.destroyRef.onDestroy(() => clearTimeout(timer));
  }
}
