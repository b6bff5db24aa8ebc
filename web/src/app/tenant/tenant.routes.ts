// The pages of one tenant, named in the URL (/t/<tenant>/…): its entries and its members.
import type { Routes } from '@angular/router';

export const tenantRoutes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'entries' },
  { path: 'entries', loadChildren: () => import('../entries/entries.routes').then((m) => m.entriesRoutes) },
  { path: 'members', loadChildren: () => import('../members/members.routes').then((m) => m.membersRoutes) },
];
