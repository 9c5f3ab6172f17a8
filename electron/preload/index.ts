import { contextBridge, ipcRenderer } from 'electron';
import { createClient } from '@shared/contract/client';
import { hostContract } from '@shared/contract/host-contract';
import { createIpcTransport } from './ipc-transport';

// The page gets one function per contract method and `on(event)`, never `ipcRenderer` itself.
contextBridge.exposeInMainWorld(
  'healthdesk',
  createClient(hostContract, createIpcTransport(ipcRenderer)),
);
