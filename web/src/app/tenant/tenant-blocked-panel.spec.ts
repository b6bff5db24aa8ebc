// The screens for a tenant the gateway refuses: each reason its own words, and provisioning asking again by itself
// once the gateway's Retry-After has passed.
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { ApiFailure, TenantBlock } from '../api/problem';
import { provideIcons } from '../ui/icons';
import { TenantBlockedPanel } from './tenant-blocked-panel';

function render(reason: TenantBlock, failure: Partial<ApiFailure> = {}) {
  TestBed.configureTestingModule({ imports: [TenantBlockedPanel], providers: [provideRouter([]), provideIcons()] });
  const fixture = TestBed.createComponent(TenantBlockedPanel);
  fixture.componentRef.setInput('reason', reason);
  fixture.componentRef.setInput('tenant', 'acme');
  fixture.componentRef.setInput('failure', { status: 503, code: 'X', detail: 'detail', fields: [], ...failure });
  return fixture;
}

describe('TenantBlockedPanel', () => {
  afterEach(() => vi.useRealTimers());

  it('says what each refusal means, as an alert', async () => {
    const headings: Record<TenantBlock, string> = {
      suspended: 'This tenant is suspended', provisioning: 'This tenant is being set up', stalled: 'This tenant is not available',
      forbidden: 'Your role does not allow this', unknown: 'There is no such tenant',
    };
    for (const [reason, heading] of Object.entries(headings) as [TenantBlock, string][]) {
      TestBed.resetTestingModule();
      const fixture = render(reason);
      await fixture.whenStable();
      const element = fixture.nativeElement as HTMLElement;
      expect(element.querySelector('h2')?.textContent).toBe(heading);
      expect(element.querySelector('[role="alert"]')).not.toBeNull();
    }
  });

  it('asks again by itself after Retry-After while the tenant is being set up', async () => {
    vi.useFakeTimers();
    const fixture = render('provisioning', { retryAfterSeconds: 3 });
    let retries = 0;
    fixture.componentInstance.retry.subscribe(() => { retries += 1; });
    fixture.detectChanges();

    vi.advanceTimersByTime(2_999);
    expect(retries).toBe(0);
    vi.advanceTimersByTime(1);
    expect(retries).toBe(1);
  });
});
