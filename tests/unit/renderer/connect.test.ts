import { afterEach, describe, expect, it } from 'vitest';
import { connectToHost } from '../../../renderer/src/host/connect';

afterEach(() => {
  window.sessionStorage.clear();
  delete (window as { healthdesk?: unknown }).healthdesk;
});

describe('connecting to the host', () => {
  it('uses the preload’s API when running in Electron', () => {
    const api = { app: {}, on: () => () => undefined };
    (window as { healthdesk?: unknown }).healthdesk = api;
    const connection = connectToHost(window);
    expect(connection.kind).toBe('electron');
    if (connection.kind === 'electron') expect(connection.api).toBe(api);
  });

  it('asks for the printed address when the page has no token', () => {
    window.history.replaceState(null, '', 'http://localhost:3000/#/about');
    expect(connectToHost(window).kind).toBe('missing-token');
  });

  it('keeps the token for the session and takes it out of the address bar', () => {
    window.history.replaceState(null, '', 'http://localhost:3000/?token=abc123#/about');
    const connection = connectToHost(window);
    expect(connection.kind).toBe('browser');
    expect(window.location.href).toBe('http://localhost:3000/#/about');
    expect(window.sessionStorage.getItem('healthdesk.browser-mode.token')).toBe('abc123');
    expect(connectToHost(window).kind).toBe('browser');
  });
});
