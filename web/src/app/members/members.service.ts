// A tenant's memberships through the platform's memberships API: list, invite by e-mail, change a role, remove.
import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom, map } from 'rxjs';
import type { Membership, Role } from '../api/api-types';

@Injectable({ providedIn: 'root' })
export class MembersService {
  private readonly http = inject(HttpClient);

  list(tenant: string): Promise<Membership[]> {
    return firstValueFrom(this.http.get<{ items: Membership[] }>(this.base(tenant)).pipe(map((body) => body.items)));
  }

  roles(): Promise<Role[]> {
    return firstValueFrom(this.http.get<{ items: Role[] }>('/platform/v1/policy/roles').pipe(map((body) => body.items)));
  }

  invite(tenant: string, email: string, role: string): Promise<Membership> {
    return firstValueFrom(this.http.post<Membership>(this.base(tenant), { email, role }));
  }

  changeRole(tenant: string, id: string, role: string): Promise<Membership> {
    return firstValueFrom(this.http.patch<Membership>(`${this.base(tenant)}/${encodeURIComponent(id)}`, { role }));
  }

  remove(tenant: string, id: string): Promise<void> {
    return firstValueFrom(this.http.delete<void>(`${this.base(tenant)}/${encodeURIComponent(id)}`));
  }

  private base(tenant: string): string {
    return `/platform/v1/policy/tenants/${encodeURIComponent(tenant)}/memberships`;
  }
}
