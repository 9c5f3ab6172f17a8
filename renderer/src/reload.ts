/** Starts the window afresh on the home page: used after switching between the demo and real data. */
export function reloadHome(): void {
  window.location.hash = '#/';
  window.location.reload();
}
