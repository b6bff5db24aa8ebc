// The platform admin's webhooks page: subscriptions to tenant lifecycle events and their deliveries.
import type { Routes } from '@angular/router';

export const webhooksRoutes: Routes = [
  { path: '', title: 'Webhooks', loadComponent: () => import('./webhooks-page').then((m) => m.WebhooksPage) },
];
