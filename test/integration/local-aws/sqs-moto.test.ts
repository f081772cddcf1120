import { describe, it } from 'vitest';
import { motoAvailable, startMoto } from '../support/moto.js';
import { describeSqsContract } from './sqs-contract.js';

const moto = motoAvailable();
if (moto.ok) {
  describeSqsContract('SQS on moto_server, the same suite as the local SQS', async () => {
    const server = await startMoto();
    return { url: server.url, close: () => server.stop() };
  });
} else {
  console.warn(`skipping the SQS suite on moto_server: ${moto.reason}`);
  describe.skip('SQS on moto_server', () => {
    it('needs moto_server on PATH (pip install "moto[server]")', () => {});
  });
}
