/**
 * Globals that every runtime of shared/ code provides (browsers, Node, Electron) but that the
 * plain ECMAScript library does not declare. Declared here so shared/ stays free of DOM and
 * Node typings.
 */
declare class URL {
  constructor(input: string, base?: string);
  readonly protocol: string;
  readonly host: string;
  readonly hostname: string;
  readonly origin: string;
  readonly pathname: string;
  readonly href: string;
}
