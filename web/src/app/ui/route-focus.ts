// After each navigation inside the app, moves focus to the new page's main heading, so keyboard and screen reader
// users start reading the page they asked for (the title strategy has already named it).
import { DOCUMENT } from '@angular/common';
import { Injectable, inject, afterNextRender, Injector } from '@angular/core';
import { NavigationEnd, Router } from '@angular/router';
import { filter } from 'rxjs';

@Injectable({ providedIn: 'root' })
export class RouteFocus {
  private readonly document = inject(DOCUMENT);
  private readonly injector = inject(Injector);
  private lastPath: string | undefined;

  start(router: Router): void {
    router.events.pipe(filter((event) => event instanceof NavigationEnd)).subscribe((event) => {
      const path = event.urlAfterRedirects.split(/[?#]/)[0];
      const previous = this.lastPath;
      this.lastPath = path;
      // The first page load keeps the browser's own focus, and a change of query only (a filter, the next page)
      // keeps the focus where the person is working; a new page would otherwise leave it on a vanished link.
      if (previous === undefined || previous === path) return;
      afterNextRender(() => this.focusHeading(), { injector: this.injector });
    });
  }

  focusHeading(): void {
    const heading = this.document.querySelector<HTMLElement>('main h1');
    if (heading === null) return;
    if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: false });
  }
}
