// Every tenant with tier, plan, phase and conditions, updated live from the platform's event stream (no polling);
// phase changes are announced to screen readers.
import { ChangeDetectionStrategy, Component, DestroyRef, OnInit, inject, signal } from '@angular/core';
import { DatePipe } from '@angular/common';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { MyTenantsService } from '../tenant/my-tenants.service';
import { StatePanel } from '../ui/state-panel';
import { conditionBadges, phaseLabel, phaseTone } from './tenant-phase';
import { TenantStreamService } from './tenant-stream.service';

@Component({
  selector: 'app-tenants-list-page',
  imports: [DatePipe, MatButtonModule, MatIconModule, MatProgressBarModule, MatTableModule, RouterLink, StatePanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="page">
      <div class="page-header">
        <h1>Tenants</h1>
        <div class="actions">
          <span class="live chip" [class.good]="stream.state() === 'live'" [class.busy]="stream.state() !== 'live'">
            {{ stream.state() === 'live' ? 'Live' : stream.state() === 'refused' ? 'Not allowed' : 'Connecting…' }}
          </span>
          @if (mine.platformAdmin()) {
            <a mat-button routerLink="/admin/webhooks">Webhooks</a>
            <a mat-flat-button routerLink="new"><mat-icon svgIcon="add" aria-hidden="true" />Provision a tenant</a>
          }
        </div>
      </div>
      <p class="visually-hidden" role="status" aria-live="polite">{{ announcement() }}</p>
      @if (stream.state() === 'refused') {
        <app-state-panel icon="lock" tone="warning" role="alert" heading="Only platform admins manage tenants"
          message="Your account is not in the platform admin group." />
      } @else if (!stream.synced()) {
        <mat-progress-bar mode="indeterminate" aria-label="Loading the tenants" />
      } @else if (stream.tenants().length === 0) {
        <app-state-panel icon="apartment" heading="No tenants yet" message="Provision the first tenant; it appears here as soon as the operator starts on it.">
          <a mat-flat-button routerLink="new"><mat-icon svgIcon="add" aria-hidden="true" />Provision a tenant</a>
        </app-state-panel>
      } @else {
        <div class="table-wrap" tabindex="0" role="region" aria-label="Tenants, scrollable">
          <table mat-table [dataSource]="stream.tenants()" class="tenants">
            <caption class="visually-hidden">Tenants, updated live</caption>
            <ng-container matColumnDef="name">
              <th mat-header-cell *matHeaderCellDef scope="col">Tenant</th>
              <td mat-cell *matCellDef="let tenant"><a [routerLink]="[tenant.name]" class="name">{{ tenant.displayName }}</a><div class="muted">{{ tenant.name }}</div></td>
            </ng-container>
            <ng-container matColumnDef="tier">
              <th mat-header-cell *matHeaderCellDef scope="col">Tier</th>
              <td mat-cell *matCellDef="let tenant">{{ tenant.tier }}</td>
            </ng-container>
            <ng-container matColumnDef="plan">
              <th mat-header-cell *matHeaderCellDef scope="col">Plan</th>
              <td mat-cell *matCellDef="let tenant">{{ tenant.plan }}</td>
            </ng-container>
            <ng-container matColumnDef="phase">
              <th mat-header-cell *matHeaderCellDef scope="col">Phase</th>
              <td mat-cell *matCellDef="let tenant"><span class="chip phase" [class]="'chip phase ' + tone(tenant.phase)" [attr.data-phase]="tenant.phase">{{ label(tenant.phase, tenant.suspended) }}</span></td>
            </ng-container>
            <ng-container matColumnDef="conditions">
              <th mat-header-cell *matHeaderCellDef scope="col">Conditions</th>
              <td mat-cell *matCellDef="let tenant">
                @for (badge of badges(tenant.conditions); track badge.label) { <span [class]="'chip ' + badge.tone" [title]="badge.title">{{ badge.label }}</span> }
              </td>
            </ng-container>
            <ng-container matColumnDef="createdAt">
              <th mat-header-cell *matHeaderCellDef scope="col">Created</th>
              <td mat-cell *matCellDef="let tenant">{{ tenant.createdAt | date: 'short' }}</td>
            </ng-container>
            <tr mat-header-row *matHeaderRowDef="columns"></tr>
            <tr mat-row *matRowDef="let row; columns: columns" [attr.data-tenant]="row.name"></tr>
          </table>
        </div>
      }
    </div>
  `,
  styles: `
    .table-wrap { overflow-x: auto; border-radius: 12px; border: 1px solid var(--mat-sys-outline-variant); }
    .tenants { width: 100%; }
    .name { font-weight: 500; }
    td .chip { margin: 2px 4px 2px 0; }
    @media (max-width: 599px) { .mat-column-plan, .mat-column-createdAt, .mat-column-conditions { display: none; } }
  `,
})
export class TenantsListPage implements OnInit {
  protected readonly stream = inject(TenantStreamService);
  protected readonly mine = inject(MyTenantsService);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly announcement = signal('');
  protected readonly columns = ['name', 'tier', 'plan', 'phase', 'conditions', 'createdAt'];
  protected readonly label = phaseLabel;
  protected readonly tone = phaseTone;
  protected readonly badges = conditionBadges;

  ngOnInit(): void {
    this.stream.onPhaseChange = (tenant) => this.announcement.set(`${tenant.displayName} is now ${phaseLabel(tenant.phase, tenant.suspended)}.`);
    const disconnect = this.stream.connect();
    this.destroyRef.onDestroy(() => {
      this.stream.onPhaseChange = undefined;
      disconnect();
    });
  }
}
