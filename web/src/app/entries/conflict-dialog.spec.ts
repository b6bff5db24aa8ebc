// The 412 dialog as a person sees it: only the fields that differ, theirs beside mine, and the three choices.
import { TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA } from '@angular/material/dialog';
import { ConflictDialog } from './conflict-dialog';

describe('ConflictDialog', () => {
  it('shows what differs between my edits and their version, and offers reload, overwrite and keep editing', async () => {
    const theirs = {
      id: '7d4f0a52-5d1c-4c4e-9d7e-2f8a3c1b6e90', title: 'Their title', body: 'same', status: 'published' as const, tags: ['x'],
      author: 'bob@acme.example', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-02T00:00:00Z', version: 4,
    };
    TestBed.configureTestingModule({
      imports: [ConflictDialog],
      providers: [{ provide: MAT_DIALOG_DATA, useValue: { mine: { title: 'My title', body: 'same', status: 'published', tags: ['x'] }, theirs } }],
    });
    const fixture = TestBed.createComponent(ConflictDialog);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;

    const rows = [...element.querySelectorAll('tbody tr')].map((row) => [...row.children].map((cell) => cell.textContent?.trim()));
    expect(rows).toEqual([['Title', 'My title', 'Their title']]);
    expect(element.textContent).toContain('version 4');
    expect([...element.querySelectorAll('button')].map((button) => button.textContent?.trim())).toEqual(['Keep editing', 'Reload theirs', 'Overwrite with mine']);
  });
});
