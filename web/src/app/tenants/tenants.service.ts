// The platform's tenants API through the gateway (platform admins): provision, read, suspend, resume, rotate the
// database credentials, delete.
import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { CreateTenantInput, TenantDetail } from '../api/api-types';

@Injectable({ providedIn: 'root' })
export class TenantsService {
  private readonly http = inject(HttpClient);

  create(input: CreateTenantInput): Promise<TenantDetail> {
    return firstValueFrom(this.http.post<TenantDetail>('/platform/v1/tenants', input));
  }

  get(name: string): Promise<TenantDetail> {
    return firstValueFrom(this.http.get<TenantDetail>(`/platform/v1/tenants/${encodeURIComponent(name)}`));
  }

  setSuspended(name: string, suspended: boolean): Promise<TenantDetail> {
    return firstValueFrom(this.http.post<TenantDetail>(`/platform/v1/tenants/${encodeURIComponent(name)}/${suspended ? 'suspend' : 'resume'}`, {}));
  }

  rotateCredentials(name: string): Promise<TenantDetail> {
    return firstValueFrom(this.http.post<TenantDetail>(`/platform/v1/tenants/${encodeURIComponent(name)}/rotate-credentials`, {}));
  }

  remove(name: string): Promise<TenantDetail> {
    return firstValueFrom(this.http.delete<TenantDetail>(`/platform/v1/tenants/${encodeURIComponent(name)}`));
  }
}
