// The platform admin's webhooks: subscriptions to tenant lifecycle events (made with an event filter, the signing
// secret shown once), and their deliveries filtered by tenant and status in the URL, each with its attempts and a
// redeliver action.
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { DatePipe } from '@angular/common';
import { FormControl, FormGroup, ReactiveFormsModule, Validators, type FormGroupDirective } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import type { CreatedWebhookSubscription, LifecycleEventType, WebhookAttempt, WebhookDelivery, WebhookSubscription } from '../api/api-types';
import { toFailure, type ApiFailure } from '../api/problem';
import { ConfirmDialog, type ConfirmDialogData } from '../ui/confirm-dialog';
import { StatePanel } from '../ui/state-panel';
import { WebhooksService, deliveryQueryOf, lifecycleEventTypes } from './webhooks.service';

@Component({
  selector: 'app-webhooks-page',
  imports: [
    DatePipe, MatButtonModule, MatCheckboxModule, MatFormFieldModule, MatIconModule, MatInputModule, MatProgressBarModule, MatSelectModule,
    MatTableModule, ReactiveFormsModule, StatePanel,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './webhooks-page.html',
  styleUrl: './webhooks-page.scss',
})
export class WebhooksPage {
  private readonly webhooks = inject(WebhooksService);
  private readonly router = inject(Router);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  /** ?tenant= and ?status=, bound from the URL. */
  readonly tenant = input<string>();
  readonly status = input<string>();

  protected readonly eventTypes = lifecycleEventTypes;
  protected readonly subscriptionColumns = ['name', 'url', 'eventTypes', 'actions'];
  protected readonly deliveryColumns = ['event', 'tenant', 'subscription', 'status', 'attempts', 'response', 'createdAt', 'actions'];
  protected readonly subscriptions = signal<WebhookSubscription[] | null>(null);
  protected readonly subscriptionsFailure = signal<ApiFailure | null>(null);
  protected readonly deliveries = signal<WebhookDelivery[] | null>(null);
  protected readonly deliveriesFailure = signal<ApiFailure | null>(null);
  protected readonly selected = signal<WebhookDelivery | null>(null);
  protected readonly attempts = signal<WebhookAttempt[] | null>(null);
  protected readonly created = signal<CreatedWebhookSubscription | null>(null);
  protected readonly problem = signal<string | null>(null);
  protected readonly query = computed(() => deliveryQueryOf({ tenant: this.tenant(), status: this.status() }));

  protected readonly form = new FormGroup({
    name: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.pattern(/^[a-z][a-z0-9-]{0,62}$/)] }),
    url: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(2000)] }),
    eventTypes: new FormControl<LifecycleEventType[]>(['tenant.ready'], { nonNullable: true, validators: [Validators.required] }),
  });
  protected readonly filter = new FormGroup({
    tenant: new FormControl('', { nonNullable: true }),
    status: new FormControl('', { nonNullable: true }),
  });

  constructor() {
    void this.loadSubscriptions();
    effect(() => {
      const query = this.query();
      this.filter.setValue({ tenant: query.tenant ?? '', status: query.status ?? '' }, { emitEvent: false });
      void this.loadDeliveries();
    });
  }

  protected async loadSubscriptions(): Promise<void> {
    try {
      this.subscriptions.set(await this.webhooks.subscriptions());
      this.subscriptionsFailure.set(null);
    } catch (error) {
      this.subscriptionsFailure.set(toFailure(error));
    }
  }

  protected async loadDeliveries(): Promise<void> {
    try {
      this.deliveries.set(await this.webhooks.deliveries({ ...this.query(), limit: 100 }));
      this.deliveriesFailure.set(null);
    } catch (error) {
      this.deliveriesFailure.set(toFailure(error));
    }
  }

  protected toggleType(type: LifecycleEventType, checked: boolean): void {
    const chosen = new Set(this.form.controls.eventTypes.value);
    if (checked) chosen.add(type);
    else chosen.delete(type);
    this.form.controls.eventTypes.setValue(lifecycleEventTypes.filter((candidate) => chosen.has(candidate)));
    this.form.controls.eventTypes.markAsTouched();
  }

  protected async subscribe(directive: FormGroupDirective): Promise<void> {
    this.problem.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { name, url, eventTypes } = this.form.getRawValue();
    try {
      this.created.set(await this.webhooks.subscribe({ name, url: url.trim(), eventTypes }));
      directive.resetForm({ name: '', url: '', eventTypes: ['tenant.ready'] });
      await this.loadSubscriptions();
    } catch (error) {
      const failure = toFailure(error);
      const field = failure.fields.find((candidate) => candidate.field === 'name' || candidate.field === 'url' || candidate.field === 'eventTypes');
      if (field !== undefined) this.form.get(field.field)?.setErrors({ server: field.message });
      else this.problem.set(failure.detail);
    }
  }

  protected async unsubscribe(subscription: WebhookSubscription): Promise<void> {
    const confirmed = await firstValueFrom(this.dialog.open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, {
      data: { title: 'Remove this subscription?', message: `${subscription.url} gets no more events, and its deliveries go too.`, confirmLabel: 'Remove' },
    }).afterClosed());
    if (confirmed !== true) return;
    try {
      await this.webhooks.unsubscribe(subscription.id);
      this.snackBar.open(`Subscription ${subscription.name} removed`, undefined, { duration: 4000 });
    } catch (error) {
      this.problem.set(toFailure(error).detail);
    }
    await Promise.all([this.loadSubscriptions(), this.loadDeliveries()]);
  }

  protected applyFilter(): void {
    const { tenant, status } = this.filter.getRawValue();
    void this.router.navigate([], { queryParams: { tenant: tenant.trim() || null, status: status || null }, queryParamsHandling: 'merge' });
  }

  protected async showAttempts(delivery: WebhookDelivery): Promise<void> {
    this.selected.set(delivery);
    this.attempts.set(null);
    try {
      this.attempts.set(await this.webhooks.attempts(delivery.id));
    } catch (error) {
      this.problem.set(toFailure(error).detail);
    }
  }

  protected async redeliver(delivery: WebhookDelivery): Promise<void> {
    try {
      await this.webhooks.redeliver(delivery.id);
      this.snackBar.open(`${delivery.eventType} for ${delivery.tenant} is delivered again`, undefined, { duration: 4000 });
    } catch (error) {
      this.problem.set(toFailure(error).detail);
    }
    await this.loadDeliveries();
  }

  protected response(delivery: WebhookDelivery): string {
    if (delivery.lastStatusCode !== null) return String(delivery.lastStatusCode);
    return delivery.lastError ?? '—';
  }
}
