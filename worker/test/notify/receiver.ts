// The runner's notification tests share the receiver the client tests use.
export { ReceivedRequest, Receiver, startReceiver } from '../../../test/support/receiver';
