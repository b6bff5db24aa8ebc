// The icons the app uses, bundled from Material Symbols' SVGs (no icon font, nothing fetched at run time).
import { inject, provideAppInitializer, type EnvironmentProviders } from '@angular/core';
import { MatIconRegistry } from '@angular/material/icon';
import { DomSanitizer } from '@angular/platform-browser';
import addIcon from '@material-symbols/svg-400/outlined/add.svg';
import apartmentIcon from '@material-symbols/svg-400/outlined/apartment.svg';
import arrowBackIcon from '@material-symbols/svg-400/outlined/arrow_back.svg';
import arrowDropDownIcon from '@material-symbols/svg-400/outlined/arrow_drop_down.svg';
import blockIcon from '@material-symbols/svg-400/outlined/block.svg';
import checkCircleIcon from '@material-symbols/svg-400/outlined/check_circle.svg';
import chevronLeftIcon from '@material-symbols/svg-400/outlined/chevron_left.svg';
import chevronRightIcon from '@material-symbols/svg-400/outlined/chevron_right.svg';
import closeIcon from '@material-symbols/svg-400/outlined/close.svg';
import cloudOffIcon from '@material-symbols/svg-400/outlined/cloud_off.svg';
import deleteIcon from '@material-symbols/svg-400/outlined/delete.svg';
import descriptionIcon from '@material-symbols/svg-400/outlined/description.svg';
import domainIcon from '@material-symbols/svg-400/outlined/domain.svg';
import editIcon from '@material-symbols/svg-400/outlined/edit.svg';
import errorIcon from '@material-symbols/svg-400/outlined/error.svg';
import filterAltOffIcon from '@material-symbols/svg-400/outlined/filter_alt_off.svg';
import groupIcon from '@material-symbols/svg-400/outlined/group.svg';
import helpIcon from '@material-symbols/svg-400/outlined/help.svg';
import hourglassTopIcon from '@material-symbols/svg-400/outlined/hourglass_top.svg';
import inboxIcon from '@material-symbols/svg-400/outlined/inbox.svg';
import lockIcon from '@material-symbols/svg-400/outlined/lock.svg';
import loginIcon from '@material-symbols/svg-400/outlined/login.svg';
import logoutIcon from '@material-symbols/svg-400/outlined/logout.svg';
import menuIcon from '@material-symbols/svg-400/outlined/menu.svg';
import pauseCircleIcon from '@material-symbols/svg-400/outlined/pause_circle.svg';
import personIcon from '@material-symbols/svg-400/outlined/person.svg';
import personAddIcon from '@material-symbols/svg-400/outlined/person_add.svg';
import playCircleIcon from '@material-symbols/svg-400/outlined/play_circle.svg';
import refreshIcon from '@material-symbols/svg-400/outlined/refresh.svg';
import searchIcon from '@material-symbols/svg-400/outlined/search.svg';
import syncIcon from '@material-symbols/svg-400/outlined/sync.svg';
import warningIcon from '@material-symbols/svg-400/outlined/warning.svg';

const icons: Record<string, string> = {
  add: addIcon,
  apartment: apartmentIcon,
  arrow_back: arrowBackIcon,
  arrow_drop_down: arrowDropDownIcon,
  block: blockIcon,
  check_circle: checkCircleIcon,
  chevron_left: chevronLeftIcon,
  chevron_right: chevronRightIcon,
  close: closeIcon,
  cloud_off: cloudOffIcon,
  delete: deleteIcon,
  description: descriptionIcon,
  domain: domainIcon,
  edit: editIcon,
  error: errorIcon,
  filter_alt_off: filterAltOffIcon,
  group: groupIcon,
  help: helpIcon,
  hourglass_top: hourglassTopIcon,
  inbox: inboxIcon,
  lock: lockIcon,
  login: loginIcon,
  logout: logoutIcon,
  menu: menuIcon,
  pause_circle: pauseCircleIcon,
  person: personIcon,
  person_add: personAddIcon,
  play_circle: playCircleIcon,
  refresh: refreshIcon,
  search: searchIcon,
  sync: syncIcon,
  warning: warningIcon,
};

/** Registers every icon by its Material Symbols name, for `<mat-icon svgIcon="delete">`. */
export function provideIcons(): EnvironmentProviders {
  return provideAppInitializer(() => {
    const registry = inject(MatIconRegistry);
    const sanitizer = inject(DomSanitizer);
    // Our own files, bundled at build time: trusted markup.
    for (const [name, svg] of Object.entries(icons)) registry.addSvgIconLiteral(name, sanitizer.bypassSecurityTrustHtml(svg));
  });
}
