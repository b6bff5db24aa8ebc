// The app's providers: zoneless change detection, the router with its titles and focus handling, HTTP with the
// sign-in interceptor, the icons, the runtime configuration, and the sign-in restored before the first route.
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import {
  inject, provideAppInitializer, provideBrowserGlobalErrorListeners, provideZonelessChangeDetection, type ApplicationConfig,
} from '@angular/core';
import { MAT_FORM_FIELD_DEFAULT_OPTIONS } from '@angular/material/form-field';
import { Router, TitleStrategy, provideRouter, withComponentInputBinding, withRouterConfig } from '@angular/router';
import { routes } from './app.routes';
import { authInterceptor } from './auth/auth.interceptor';
import { AuthService } from './auth/auth.service';
import { RUNTIME_CONFIG, type RuntimeConfig } from './runtime-config';
import { MyTenantsService } from './tenant/my-tenants.service';
import { AppTitleStrategy } from './ui/app-title-strategy';
import { provideIcons } from './ui/icons';
import { RouteFocus } from './ui/route-focus';

export function appConfig(config: RuntimeConfig): ApplicationConfig {
  return {
    providers: [
      provideBrowserGlobalErrorListeners(),
      provideZonelessChangeDetection(),
      { provide: RUNTIME_CONFIG, useValue: config },
      // Pages read their route's parameters, the tenant of /t/<tenant>/… included, as inputs.
      provideRouter(routes, withComponentInputBinding(), withRouterConfig({ paramsInheritanceStrategy: 'always' })),
      { provide: TitleStrategy, useClass: AppTitleStrategy },
      provideHttpClient(withInterceptors([authInterceptor])),
      { provide: MAT_FORM_FIELD_DEFAULT_OPTIONS, useValue: { appearance: 'outline', subscriptSizing: 'dynamic' } },
      provideIcons(),
      provideAppInitializer(async () => {
        const auth = inject(AuthService);
        const mine = inject(MyTenantsService);
        inject(RouteFocus).start(inject(Router));
        await auth.restore();
        if (auth.signedIn()) await mine.load();
      }),
    ],
  };
}
