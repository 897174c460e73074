package dev.portway.gateway.ratelimit;

/**
 * What a bucket answered for one request.
 *
 * @param allowed     whether a token was taken
 * @param remaining   whole tokens left after this request
 * @param retryMillis when not allowed, how long until the next token
 * @param resetMillis how long until the bucket is full again
 */
record Decision(boolean allowed, long remaining, long retryMillis, long resetMillis) {}
