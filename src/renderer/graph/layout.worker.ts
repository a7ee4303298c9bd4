/// <reference lib="webworker" />
import { computeLayout, type LayoutRequest } from './layout.js';

// Layout runs here so a graph of thousands of nodes never freezes the page.
self.onmessage = (event: MessageEvent<{ requestId: number; request: LayoutRequest }>) => {
  const { requestId, request } = event.data;
  const positions = computeLayout(request);
  (self as unknown as Worker).postMessage({ requestId, positions });
};
