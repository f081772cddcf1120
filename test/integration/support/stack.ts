// Integration tests run the product on the local harness.
export {
  BUS_NAME,
  fastRetryStrategy,
  type Harness as TestStack,
  PARAMETER_PREFIX,
  startHarness as startTestStack,
} from '../../../local/harness.js';
