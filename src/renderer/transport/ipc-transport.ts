import type { CallOptions, Transport } from '../../shared/client.js';
import type { OperationName } from '../../shared/contract.js';
import { RemoteError, errorPayloadSchema } from '../../shared/error-payload.js';
import type { SightlineBridge } from '../../shared/ipc-channels.js';

/** The contract over Electron IPC, through the bridge the preload exposes as `window.sightline`. */
export function createIpcTransport(bridge: SightlineBridge): Transport {
  return {
    async call(name: OperationName, input: unknown, opts: CallOptions): Promise<unknown> {
      const jobId = globalThis.crypto.randomUUID();
      const unsubscribe = opts.onProgress ? bridge.onProgress(jobId, opts.onProgress) : () => {};
      const onAbort = () => void bridge.cancel(jobId);
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        const reply = await bridge.invoke(name, input ?? {}, jobId);
        if (reply.ok) return reply.result;
        const parsed = errorPayloadSchema.safeParse(reply.error);
        throw new RemoteError(parsed.success ? parsed.data : { code: 'INTERNAL', message: 'malformed reply from the main process' });
      } finally {
        opts.signal?.removeEventListener('abort', onAbort);
        unsubscribe();
      }
    },
  };
}
