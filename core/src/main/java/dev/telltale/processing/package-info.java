/**
 * Internal in spirit: the steps that turn a capture into an event ({@code ExceptionChain},
 * {@code EventFactory}, {@code IgnoreRule}, {@code Sampler}, {@code Deduplicator},
 * {@code InAppDetector}, {@code BeforeSendStep}, {@code Scrubber}, {@code SizeLimiter}, run in order
 * by {@code EventProcessor}). Public so that core's packages can reach them; no compatibility promise
 * and not in the API file. Applications shape events with {@link dev.telltale.BeforeSend} and options.
 */
package dev.telltale.processing;
