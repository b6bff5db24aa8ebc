// The entries API through the gateway for one tenant: pages, one entry with its version, writes guarded by If-Match.
import { HttpClient, HttpHeaders, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { Entry, EntryInput, EntryListQuery, EntryPage, EntryPatch } from '../api/api-types';

@Injectable({ providedIn: 'root' })
export class EntriesService {
  private readonly http = inject(HttpClient);

  list(tenant: string, query: EntryListQuery): Promise<EntryPage> {
    let params = new HttpParams();
    for (const [name, value] of Object.entries(query)) {
      for (const item of Array.isArray(value) ? value : [value]) params = params.append(name, String(item));
    }
    return firstValueFrom(this.http.get<EntryPage>('/api/entries', { headers: this.tenant(tenant), params }));
  }

  get(tenant: string, id: string): Promise<Entry> {
    return firstValueFrom(this.http.get<Entry>(`/api/entries/${encodeURIComponent(id)}`, { headers: this.tenant(tenant) }));
  }

  create(tenant: string, input: EntryInput): Promise<Entry> {
    return firstValueFrom(this.http.post<Entry>('/api/entries', input, { headers: this.tenant(tenant) }));
  }

  /** Changes the entry only if it is still at `version` (412 otherwise). */
  update(tenant: string, id: string, version: number, patch: EntryPatch): Promise<Entry> {
    return firstValueFrom(this.http.patch<Entry>(`/api/entries/${encodeURIComponent(id)}`, patch, {
      headers: this.tenant(tenant).set('If-Match', `"${version}"`),
    }));
  }

  remove(tenant: string, id: string, version: number): Promise<void> {
    return firstValueFrom(this.http.delete<void>(`/api/entries/${encodeURIComponent(id)}`, {
      headers: this.tenant(tenant).set('If-Match', `"${version}"`),
    }));
  }

  private tenant(name: string): HttpHeaders {
    return new HttpHeaders({ 'X-Tenant-Id': name });
  }
}
