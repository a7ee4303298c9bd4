import type { InputOf, OperationName, OutputOf, ProgressOf } from './contract.js';
import { operationNames } from './contract.js';

export interface CallOptions<P = unknown> {
  onProgress?: (progress: P) => void;
  /** Aborting cancels the job on the engine side too. */
  signal?: AbortSignal;
}

/**
 * What a transport must do: send one call, deliver its progress, honour abort.
 * The HTTP and IPC transports are the only two implementations.
 */
export interface Transport {
  call(name: OperationName, input: unknown, options: CallOptions): Promise<unknown>;
}

export type Client = {
  [N in OperationName]: (input: InputOf<N>, options?: CallOptions<ProgressOf<N>>) => Promise<OutputOf<N>>;
};

/** Derives the typed client from the contract: one method per operation, none written by hand. */
export function createClient(transport: Transport): Client {
  const client: Record<string, unknown> = {};
  for (const name of operationNames) {
    client[name] = (input: unknown, options: CallOptions = {}) => transport.call(name, input, options);
  }
  return client as Client;
}
