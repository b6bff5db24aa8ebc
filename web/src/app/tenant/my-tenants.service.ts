// The signed-in user's tenants and whether they are a platform admin (GET /platform/v1/me/tenants), loaded once
// per sign-in and on demand; the current tenant is the one the URL names.
import { HttpClient } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { MyTenant, MyTenants } from '../api/api-types';
import { toFailure, type ApiFailure } from '../api/problem';

@Injectable({ providedIn: 'root' })
export class MyTenantsService {
  private readonly http = inject(HttpClient);
  private readonly loaded = signal<MyTenants | null>(null);
  private pending: Promise<MyTenants | null> | undefined;
  readonly failure = signal<ApiFailure | null>(null);
  readonly tenants = computed(() => this.loaded()?.items ?? []);
  readonly platformAdmin = computed(() => this.loaded()?.user.platformAdmin ?? false);

  /** The list, fetched at most once unless `refresh`; null when it could not be fetched (see `failure`). */
  load(refresh = false): Promise<MyTenants | null> {
    if (!refresh && this.loaded() !== null) return Promise.resolve(this.loaded());
    this.pending ??= firstValueFrom(this.http.get<MyTenants>('/platform/v1/me/tenants')).then(
      (mine) => {
        this.loaded.set(mine);
        this.failure.set(null);
        return mine;
      },
      (error: unknown) => {
        this.failure.set(toFailure(error));
        return null;
      },
    ).finally(() => { this.pending = undefined; });
    return this.pending;
  }

  find(name: string): MyTenant | undefined {
    return this.tenants().find((tenant) => tenant.name === name);
  }

  can(tenant: string, permission: string): boolean {
    return this.find(tenant)?.permissions.includes(permission) ?? false;
  }
}
