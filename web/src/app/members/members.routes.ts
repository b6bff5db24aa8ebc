// The members page of a tenant (for its tenant admins).
import type { Routes } from '@angular/router';

export const membersRoutes: Routes = [
  { path: '', title: 'Members', loadComponent: () => import('./members-page').then((m) => m.MembersPage) },
];
