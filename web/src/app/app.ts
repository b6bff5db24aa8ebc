// The frame around every page: skip link, the top bar with the tenant, the sections the user may use and their
// account menu (narrow screens fold the sections into a menu), and the main region the pages render in.
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatToolbarModule } from '@angular/material/toolbar';
import { NavigationEnd, Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { filter, map } from 'rxjs';
import { AuthService } from './auth/auth.service';
import { MyTenantsService } from './tenant/my-tenants.service';
import { RouteFocus } from './ui/route-focus';

@Component({
  selector: 'app-root',
  imports: [MatButtonModule, MatIconModule, MatMenuModule, MatToolbarModule, RouterLink, RouterLinkActive, RouterOutlet],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './app.html',
  styleUrl: './app.scss',
})
export class App {
  protected readonly auth = inject(AuthService);
  protected readonly mine = inject(MyTenantsService);
  private readonly router = inject(Router);
  private readonly focus = inject(RouteFocus);
  private readonly url = toSignal(this.router.events.pipe(filter((event) => event instanceof NavigationEnd), map((event) => event.urlAfterRedirects)), { initialValue: '' });
  /**
   * The tenant the URL names (/t/<tenant>/…) when it is one of the user's: another tenant's name in the URL gets the
   * "no such tenant" screen, and the bar must not present it as theirs.
   */
  protected readonly tenant = computed(() => {
    const name = /^\/t\/([^/?#]+)/.exec(this.url())?.[1];
    return name !== undefined && this.mine.find(name) !== undefined ? name : null;
  });
  protected readonly tenantName = computed(() => {
    const name = this.tenant();
    return name === null ? null : this.mine.find(name)?.displayName ?? name;
  });
  protected readonly canManageMembers = computed(() => {
    const name = this.tenant();
    return name !== null && this.mine.can(name, 'members:manage');
  });

  protected skipToMain(event: Event): void {
    event.preventDefault();
    const main = document.getElementById('main');
    const heading = main?.querySelector('h1');
    if (heading) this.focus.focusHeading();
    else main?.focus();
  }
}
