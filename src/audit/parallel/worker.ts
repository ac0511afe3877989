/**
 * A worker thread of the parallel CSV audit (pool.ts): takes blocks of whole rows from the main
 * thread and sends back each block's outcomes (block.ts). The plan lines' bytes are transferred,
 * not copied.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { blockProcessor } from './block.js';
import type { BlockMessage, WorkerSetup } from './protocol.js';

const process = blockProcessor(workerData as WorkerSetup);

parentPort!.on('message', async (msg: BlockMessage) => {
  const result = await process(msg);
  // Small Buffers share Node's allocation pool: send only a buffer of our own.
  if (result.json.byteOffset !== 0 || result.json.byteLength !== result.json.buffer.byteLength) result.json = new Uint8Array(result.json);
  result.bytes = msg.bytes;
  parentPort!.postMessage(result, [result.json.buffer as ArrayBuffer, msg.bytes.buffer as ArrayBuffer]);
});
