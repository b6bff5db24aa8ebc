// The API's field refusals land on the form controls they name, the indexed ones on their list's control.
import { FormControl, FormGroup } from '@angular/forms';
import { applyFieldErrors } from './form-errors';

describe('applyFieldErrors', () => {
  it('puts each refusal on the control it names and says whether any found its field', () => {
    const form = new FormGroup({ title: new FormControl(''), tags: new FormControl('') });

    const placed = applyFieldErrors(form, [
      { field: 'title', message: 'must be 1 to 200 characters' }, { field: 'tags[3]', message: 'must not be empty' },
    ]);

    expect(placed).toBe(true);
    expect(form.controls.title.getError('server')).toBe('must be 1 to 200 characters');
    expect(form.controls.tags.getError('server')).toBe('must not be empty');
    expect(form.controls.title.touched).toBe(true);
    expect(applyFieldErrors(form, [{ field: '(root)', message: 'refused' }])).toBe(false);
  });
});
