/**
 * A worker thread of the parallel audit (pool.ts; loaded by thread.ts): takes blocks of whole
 * records from the main thread and sends back each block's outcomes (block.ts). The block's bytes
 * and its plan lines' bytes are transferred, not copied, and come back with later blocks to be
 * used again.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { blockProcessor } from './block.js';
import type { BlockMessage, WorkerSetup } from './protocol.js';

const process = blockProcessor(workerData as WorkerSetup);

parentPort!.on('message', async (msg: BlockMessage) => {
  const result = await process(msg);
  // The lines' buffer is the block's own (block.ts LineBytes), sent whole with its length in the
  // view; a view into a shared buffer (Node's pool for small Buffers) is copied instead.
  if (result.json.byteOffset !== 0) result.json = new Uint8Array(result.json);
  result.bytes = msg.bytes;
  parentPort!.postMessage(result, [result.json.buffer as ArrayBuffer, msg.bytes.buffer as ArrayBuffer]);
});
