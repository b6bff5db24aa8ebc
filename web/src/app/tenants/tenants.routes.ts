// The platform admin's tenant pages: the live list, provisioning a tenant, and one tenant's detail.
import type { Routes } from '@angular/router';

export const tenantsRoutes: Routes = [
  { path: '', title: 'Tenants', loadComponent: () => import('./tenants-list-page').then((m) => m.TenantsListPage) },
  { path: 'new', title: 'Provision a tenant', loadComponent: () => import('./tenant-form-page').then((m) => m.TenantFormPage) },
  { path: ':name', title: 'Tenant', loadComponent: () => import('./tenant-detail-page').then((m) => m.TenantDetailPage) },
];
