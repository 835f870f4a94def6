/**
 * NOTE(epoch-channel): how a trial process reports its epochs. Each epoch's report goes to the
 * parent over file descriptor 4 (a socket pair the parent opens with `stdio[4] = 'pipe'`) as one
 * JSON line, and the trial blocks on a synchronous read of that descriptor for the one-byte
 * answer: 1 go on, 0 stop (pruned). A trial's `report` is synchronous (it runs inside `fit`'s
 * callbacks) while the parent's decision may be a Redis round trip, so the child waits for it:
 * it never trains an epoch past a rung it was stopped at, whatever the timing. Both directions
 * are synchronous writes and reads on the child's side, so nothing waits on the child's event
 * loop (which the training holds). The end of the channel tells the child its parent is gone.
 */

/** The file descriptor of a trial process's epoch channel (its `stdio[4]`). */
export const EPOCH_FD = 4;
