// SVG files import as their text (angular.json's loader), for the icon registry.
declare module '*.svg' {
  const markup: string;
  export default markup;
}
