/**
 * A worker thread of the parallel audit (pool.ts; loaded by thread.ts): takes blocks of whole
 * records from the main thread and sends back each block's outcomes (block.ts). The block's bytes
 * and its plan lines' bytes are transferred, not copied, and come back with later blocks to be
 * used again.
 */
import { parentPort } from 'node:worker_threads';
import { blockProcessor, type BlockProcessor } from './block.js';
import type { BlockMessage, SetupMessage } from './protocol.js';
import { useConfigFiles } from '../../util/yamlConfig.js';
import { skipRegexProbes } from '../../util/regexProbe.js';

let process: BlockProcessor | undefined;

// The first message is the setup (pool.ts WorkerPool.configure): a worker is started before the
// main thread has read the export's head, so that it loads while the main thread does.
parentPort!.on('message', async (msg: BlockMessage | SetupMessage) => {
  if ('setup' in msg) {
    useConfigFiles(msg.setup.configFiles);
    // The main thread has timed the regular expressions the rubric, the mapping and --where give.
    skipRegexProbes();
    process = blockProcessor(msg.setup);
    return;
  }
  const result = await process!(msg);
  // The lines' buffer is the block's own (block.ts LineBytes), sent whole with its length in the
  // view; a view into a shared buffer (Node's pool for small Buffers) is copied instead.
  if (result.json.byteOffset !== 0) result.json = new Uint8Array(result.json);
  result.bytes = msg.bytes;
  // The rejections' buffer is the block's own too (block.ts Outcomes.rejection), made for it.
  const transfer = [result.json.buffer as ArrayBuffer, msg.bytes.buffer as ArrayBuffer];
  if (result.rejections) transfer.push(result.rejections.buffer as ArrayBuffer);
  parentPort!.postMessage(result, transfer);
});
