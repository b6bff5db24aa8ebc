// Adds the user's access token to every call of the gateway's APIs, and the ID token: Cognito access tokens carry no
// e-mail, so the platform takes the verified e-mail from it (to bind memberships given by e-mail, and to name the
// author of an entry); the gateway hands it to the platform only. A 401 renews the token once and tries again,
// else sends the user to sign in.
import { HttpErrorResponse, type HttpInterceptorFn, type HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, from, switchMap, throwError } from 'rxjs';
import { AuthService } from './auth.service';

const apiPrefixes = ['/api/', '/platform/'];

export const authInterceptor: HttpInterceptorFn = (request, next) => {
  if (!apiPrefixes.some((prefix) => request.url.startsWith(prefix))) return next(request);
  const auth = inject(AuthService);
  const router = inject(Router);
  return next(withTokens(request, auth)).pipe(
    catchError((error: unknown) => {
      if (!(error instanceof HttpErrorResponse) || error.status !== 401) return throwError(() => error);
      return from(auth.renew()).pipe(switchMap((renewed) => {
        if (renewed) return next(withTokens(request, auth));
        void router.navigate(['/sign-in'], { queryParams: { returnTo: router.url } });
        return throwError(() => error);
      }));
    }),
  );
};

function withTokens(request: HttpRequest<unknown>, auth: AuthService): HttpRequest<unknown> {
  const headers: Record<string, string> = {};
  const accessToken = auth.accessToken();
  if (accessToken !== undefined) headers['Authorization'] = `Bearer ${accessToken}`;
  const idToken = auth.idToken();
  if (idToken !== undefined) headers['X-Id-Token'] = idToken;
  return request.clone({ setHeaders: headers });
}

