// The app's pages. Everything but signing in needs a signed-in user; each feature loads when first visited.
import type { Routes } from '@angular/router';
import { signedInGuard } from './auth/auth.guard';

export const routes: Routes = [
  { path: 'sign-in', title: 'Sign in', loadComponent: () => import('./auth/sign-in-page').then((m) => m.SignInPage) },
  { path: 'auth/callback', redirectTo: '' },
  {
    path: '',
    canActivate: [signedInGuard],
    children: [
      { path: '', pathMatch: 'full', title: 'Your tenants', loadComponent: () => import('./tenant/tenant-picker-page').then((m) => m.TenantPickerPage) },
      { path: 't/:tenant', loadChildren: () => import('./tenant/tenant.routes').then((m) => m.tenantRoutes) },
      { path: 'admin/tenants', loadChildren: () => import('./tenants/tenants.routes').then((m) => m.tenantsRoutes) },
      { path: 'admin/webhooks', loadChildren: () => import('./webhooks/webhooks.routes').then((m) => m.webhooksRoutes) },
    ],
  },
  { path: '**', title: 'Page not found', loadComponent: () => import('./ui/not-found-page').then((m) => m.NotFoundPage) },
];
