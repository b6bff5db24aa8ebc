// The page for someone not signed in: one button to the identity provider, and why signing in failed, if it did.
import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { AuthService } from './auth.service';

@Component({
  selector: 'app-sign-in-page',
  imports: [MatButtonModule, MatIconModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="page sign-in">
      <section class="card" aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in to Tenantry</h1>
        <p class="muted">Your organisation's sign-in page opens; you come back here afterwards.</p>
        @if (auth.problem(); as problem) { <p class="error-box" role="alert">{{ problem }}</p> }
        <button mat-flat-button type="button" (click)="signIn()"><mat-icon svgIcon="login" aria-hidden="true" />Sign in</button>
      </section>
    </div>
  `,
  styles: `
    .sign-in { display: flex; justify-content: center; }
    .card { max-width: 440px; width: 100%; margin-top: 10vh; padding: 32px; border-radius: 16px; background: var(--mat-sys-surface-container-low); }
    h1 { font: var(--mat-sys-headline-small); margin: 0 0 8px; }
  `,
})
export class SignInPage {
  protected readonly auth = inject(AuthService);
  /** Where to go once signed in (query parameter). */
  readonly returnTo = input<string>('/');

  protected signIn(): void {
    void this.auth.signIn(this.returnTo());
  }
}
