/// <reference lib="webworker" />
import { columnsLayout } from '../../shared/graph-layout/columns-layout.js';
import { forceLayout } from './force-layout.js';
import type { LayoutRequest, LayoutResponse } from './graph-layout-protocol.js';

// Layouts run here so 10k nodes never freeze the page; positions come back transferred.
const post = (message: LayoutResponse, transfer: Transferable[] = []) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(message, transfer);

self.onmessage = (event: MessageEvent<LayoutRequest>) => {
  const { id, mode, graph, pins } = event.data;
  try {
    const positions = mode === 'force' ? forceLayout(graph, pins, (progress) => post({ id, progress })) : columnsLayout(graph, pins);
    post({ id, progress: 1, positions }, [positions.buffer]);
  } catch (err) {
    post({ id, error: err instanceof Error ? err.message : String(err) });
  }
};
