// The entries of a tenant: search, filters, sort, page size and page all live in the URL's query, so a view can be
// shared, bookmarked and reloaded; keyset pages forward and back. Empty, loading and failed states are their own.
import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { map } from 'rxjs';
import type { EntryPage } from '../api/api-types';
import { tenantBlockOf, toFailure, type ApiFailure } from '../api/problem';
import { MyTenantsService } from '../tenant/my-tenants.service';
import { TenantBlockedPanel } from '../tenant/tenant-blocked-panel';
import { StatePanel } from '../ui/state-panel';
import {
  apiQueryOfView, defaultView, entrySorts, entryStatuses, isFiltered, pageSizes, paramsOfView, parseTags, viewFromParams, type EntriesView,
} from './entries-view';
import { EntriesService } from './entries.service';

type Load = { state: 'loading' } | { state: 'loaded'; page: EntryPage } | { state: 'failed'; failure: ApiFailure };

@Component({
  selector: 'app-entries-list-page',
  imports: [
    DatePipe, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatProgressBarModule, MatSelectModule, MatTableModule,
    ReactiveFormsModule, RouterLink, StatePanel, TenantBlockedPanel,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './entries-list-page.html',
  styleUrl: './entries-list-page.scss',
})
export class EntriesListPage {
  private readonly entries = inject(EntriesService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  protected readonly mine = inject(MyTenantsService);
  readonly tenant = input.required<string>();

  protected readonly view = toSignal(this.route.queryParams.pipe(map(viewFromParams)), { initialValue: defaultView });
  protected readonly load = signal<Load>({ state: 'loading' });
  protected readonly page = computed(() => { const load = this.load(); return load.state === 'loaded' ? load.page : undefined; });
  protected readonly failure = computed(() => { const load = this.load(); return load.state === 'failed' ? load.failure : undefined; });
  protected readonly block = computed(() => { const failure = this.failure(); return failure === undefined ? undefined : tenantBlockOf(failure); });
  protected readonly filtered = computed(() => isFiltered(this.view()));
  protected readonly canWrite = computed(() => this.mine.can(this.tenant(), 'entries:write'));
  protected readonly announcement = signal('');
  /** Narrow screens fold the filters beyond the search away until asked for. */
  protected readonly showFilters = signal(false);

  protected readonly statuses = entryStatuses;
  protected readonly sorts = entrySorts;
  protected readonly pageSizes = pageSizes;
  protected readonly columns = ['title', 'status', 'tags', 'author', 'createdAt'];

  protected readonly filters = new FormGroup({
    q: new FormControl('', { nonNullable: true }),
    status: new FormControl('', { nonNullable: true }),
    tags: new FormControl('', { nonNullable: true }),
    author: new FormControl('', { nonNullable: true }),
    from: new FormControl('', { nonNullable: true }),
    to: new FormControl('', { nonNullable: true }),
  });

  private requested = 0;
  /** The tenant and view of the page last asked for, so the first one is not asked for twice. */
  private asked: string | undefined;

  constructor() {
    // Asked for at once from the route as the navigation gives it, so the request runs while the page renders.
    const snapshot = this.route.snapshot;
    const tenant = snapshot.paramMap.get('tenant');
    if (tenant !== null) void this.fetch(tenant, viewFromParams(snapshot.queryParams));
    // The URL is the state: each change of tenant or view loads that page, and the form shows that view.
    effect(() => {
      const tenant = this.tenant();
      const view = this.view();
      untracked(() => {
        this.filters.setValue({ q: view.q, status: view.status, tags: view.tags.join(', '), author: view.author, from: view.from, to: view.to }, { emitEvent: false });
        if (this.asked !== keyOf(tenant, view)) void this.fetch(tenant, view);
      });
    });
  }

  protected applyFilters(): void {
    const value = this.filters.getRawValue();
    this.show({
      ...this.view(), q: value.q.trim(), status: value.status as EntriesView['status'], tags: parseTags(value.tags), author: value.author.trim(),
      from: value.from, to: value.to, cursor: '',
    });
  }

  protected clearFilters(): void {
    this.show({ ...defaultView, sort: this.view().sort, limit: this.view().limit });
  }

  protected sortBy(sort: EntriesView['sort']): void {
    this.show({ ...this.view(), sort, cursor: '' });
  }

  protected pageSize(limit: number): void {
    this.show({ ...this.view(), limit, cursor: '' });
  }

  protected goTo(cursor: string | null): void {
    if (cursor !== null) this.show({ ...this.view(), cursor });
  }

  protected retry(): void {
    void this.fetch(this.tenant(), this.view());
  }


  private show(view: EntriesView): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: paramsOfView(view) });
  }

  private async fetch(tenant: string, view: EntriesView): Promise<void> {
    const request = ++this.requested;
    this.asked = keyOf(tenant, view);
    this.load.set({ state: 'loading' });
    try {
      const page = await this.entries.list(tenant, apiQueryOfView(view));
      if (request !== this.requested) return;
      this.load.set({ state: 'loaded', page });
      this.announcement.set(page.items.length === 0 ? 'No entries to show.' : `${page.items.length} entries shown.`);
    } catch (error) {
      if (request !== this.requested) return;
      this.load.set({ state: 'failed', failure: toFailure(error) });
    }
  }
}

function keyOf(tenant: string, view: EntriesView): string {
  return JSON.stringify([tenant, view]);
}
