// One tenant for a platform admin, live: conditions with reason and message, storage names, migrations, times,
// the database login and its rotation; suspend and resume; rotate the credentials after saying what it does;
// delete after typing the name, with the deletion policy said first.
import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, OnInit, computed, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router, RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import type { TenantDetail } from '../api/api-types';
import { toFailure } from '../api/problem';
import { ConfirmDialog, type ConfirmDialogData } from '../ui/confirm-dialog';
import { StatePanel } from '../ui/state-panel';
import { phaseLabel, phaseTone } from './tenant-phase';
import { TenantStreamService } from './tenant-stream.service';
import { TenantsService } from './tenants.service';

@Component({
  selector: 'app-tenant-detail-page',
  imports: [DatePipe, MatButtonModule, MatIconModule, MatProgressBarModule, RouterLink, StatePanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './tenant-detail-page.html',
  styleUrl: './tenant-detail-page.scss',
})
export class TenantDetailPage implements OnInit {
  private readonly stream = inject(TenantStreamService);
  private readonly tenants = inject(TenantsService);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);
  readonly name = input.required<string>();

  private readonly fetched = signal<TenantDetail | null>(null);
  protected readonly problem = signal<string | null>(null);
  protected readonly notFound = signal(false);
  protected readonly busy = signal(false);
  /** The stream's copy once it has one (live), the first read until then. */
  protected readonly tenant = computed(() => this.stream.get(this.name()) ?? this.fetched());
  protected readonly gone = computed(() => this.notFound() || (this.stream.synced() && this.stream.get(this.name()) === undefined && this.fetched() !== null));
  protected readonly label = phaseLabel;
  protected readonly tone = phaseTone;

  async ngOnInit(): Promise<void> {
    const disconnect = this.stream.connect();
    this.destroyRef.onDestroy(disconnect);
    try {
      this.fetched.set(await this.tenants.get(this.name()));
    } catch (error) {
      const failure = toFailure(error);
      if (failure.status === 404) this.notFound.set(true);
      else this.problem.set(failure.detail);
    }
  }

  protected async setSuspended(suspended: boolean): Promise<void> {
    this.problem.set(null);
    this.busy.set(true);
    try {
      this.fetched.set(await this.tenants.setSuspended(this.name(), suspended));
      this.snackBar.open(suspended ? `${this.name()} suspended: its users are refused` : `${this.name()} resumed`, undefined, { duration: 5000 });
    } catch (error) {
      this.problem.set(toFailure(error).detail);
    } finally {
      this.busy.set(false);
    }
  }

  protected async rotateCredentials(): Promise<void> {
    const tenant = this.tenant();
    if (tenant === null) return;
    const grace = tenant.credentials?.gracePeriod ?? '10m';
    const confirmed = await firstValueFrom(this.dialog.open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, {
      data: {
        title: `Rotate the database credentials of ${tenant.name}?`,
        message: 'The operator gives the tenant a fresh login and password and writes them to its credentials Secret.',
        details: [`The current login keeps working for ${grace}, so every application has time to read the Secret again; then it stops and its sessions end.`],
        confirmLabel: 'Rotate credentials',
      },
    }).afterClosed());
    if (confirmed !== true) return;
    this.problem.set(null);
    this.busy.set(true);
    try {
      this.fetched.set(await this.tenants.rotateCredentials(tenant.name));
      this.snackBar.open(`Rotating the credentials of ${tenant.name}`, undefined, { duration: 5000 });
    } catch (error) {
      this.problem.set(toFailure(error).detail);
    } finally {
      this.busy.set(false);
    }
  }

  protected async remove(): Promise<void> {
    const tenant = this.tenant();
    if (tenant === null) return;
    const policy = tenant.deletionPolicy === 'Delete'
      ? 'Deletion policy Delete: its database or schema and its role are dropped. The data is gone for good.'
      : 'Deletion policy Retain: its database or schema and its role are kept under their names, without login; re-creating the tenant adopts them.';
    const confirmed = await firstValueFrom(this.dialog.open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, {
      data: {
        title: `Delete tenant ${tenant.name}?`, message: `Everyone loses access to ${tenant.displayName}, and its memberships are removed.`,
        details: [policy], confirmLabel: 'Delete tenant', typeToConfirm: tenant.name,
      },
    }).afterClosed());
    if (confirmed !== true) return;
    this.busy.set(true);
    try {
      await this.tenants.remove(tenant.name);
      this.snackBar.open(`Deleting ${tenant.name}`, undefined, { duration: 5000 });
      await this.router.navigate(['/admin/tenants']);
    } catch (error) {
      this.problem.set(toFailure(error).detail);
    } finally {
      this.busy.set(false);
    }
  }
}
