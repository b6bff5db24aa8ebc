// Who is signed in: oidc-client-ts's UserManager behind signals. Restores a session at start (the redirect back from
// the provider, or a silent sign-in through the provider's session), signs in and out, hands out the tokens.
import { Injectable, computed, inject, signal } from '@angular/core';
import { UserManager, type User } from 'oidc-client-ts';
import { RUNTIME_CONFIG } from '../runtime-config';
import { CALLBACK_PATH, oidcSettings } from './oidc-settings';

/** What the app keeps across the round trip to the provider. */
interface SignInState {
  readonly returnTo: string;
}

@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly manager = new UserManager(oidcSettings(inject(RUNTIME_CONFIG)));
  private readonly current = signal<User | null>(null);
  /** Set when signing in failed for a reason the user should read (not "no session"). */
  readonly problem = signal<string | null>(null);
  readonly user = this.current.asReadonly();
  readonly signedIn = computed(() => this.current() !== null);
  readonly email = computed(() => (this.current()?.profile.email as string | undefined) ?? null);
  readonly name = computed(() => (this.current()?.profile.name as string | undefined) ?? this.email());

  constructor() {
    this.manager.events.addUserLoaded((user) => this.current.set(user));
    this.manager.events.addUserUnloaded(() => this.current.set(null));
    this.manager.events.addAccessTokenExpired(() => this.current.set(null));
  }

  /**
   * At start: finish a sign-in the provider redirected back from (then the app starts at the page that asked for
   * it), or sign in silently when the provider still has a session (a reload). Never throws: no session is no user.
   */
  async restore(location: Location = window.location): Promise<void> {
    if (location.pathname === CALLBACK_PATH) {
      try {
        const user = await this.manager.signinRedirectCallback(location.href);
        this.current.set(user);
        const returnTo = (user.state as SignInState | undefined)?.returnTo ?? '/';
        window.history.replaceState(null, '', safeReturn(returnTo));
      } catch (error) {
        this.problem.set(`Signing in did not complete: ${messageOf(error)}`);
        window.history.replaceState(null, '', '/sign-in');
      }
      return;
    }
    try {
      this.current.set(await this.manager.signinSilent());
    } catch {
      // login_required (no session at the provider), or the provider unreachable: the sign-in page says what to do.
      this.current.set(null);
    }
  }

  /** Off to the provider's sign-in page; back at `returnTo` once signed in. */
  async signIn(returnTo = '/'): Promise<void> {
    await this.manager.signinRedirect({ state: { returnTo: safeReturn(returnTo) } satisfies SignInState });
  }

  /** Ends the provider's session too (RP-initiated logout), then back to the app's start page. */
  async signOut(): Promise<void> {
    const idToken = this.current()?.id_token;
    await this.manager.removeUser();
    await this.manager.signoutRedirect(idToken === undefined ? {} : { id_token_hint: idToken });
  }

  /** A new access token through the refresh token or the provider's session; false when neither works. */
  async renew(): Promise<boolean> {
    try {
      this.current.set(await this.manager.signinSilent());
      return true;
    } catch {
      this.current.set(null);
      return false;
    }
  }

  accessToken(): string | undefined {
    return this.current()?.access_token;
  }

  idToken(): string | undefined {
    return this.current()?.id_token;
  }
}

/** Only paths of this app: never a URL that would send the browser elsewhere after signing in. */
export function safeReturn(path: string): string {
  return path.startsWith('/') && !path.startsWith('//') && !path.startsWith(CALLBACK_PATH) ? path : '/';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
