// The entries pages of a tenant: the list (its view in the query), a new entry, and one entry to edit.
import type { Routes } from '@angular/router';

export const entriesRoutes: Routes = [
  { path: '', title: 'Entries', loadComponent: () => import('./entries-list-page').then((m) => m.EntriesListPage) },
  { path: 'new', title: 'New entry', loadComponent: () => import('./entry-form-page').then((m) => m.EntryFormPage) },
  { path: ':id', title: 'Edit entry', loadComponent: () => import('./entry-form-page').then((m) => m.EntryFormPage) },
];
