/**
 * Tests of the losses in Structured Streaming: windowed, sliced aggregations in each output mode
 * against the batch query, restarts from a checkpoint (stop, kill -9 of a driver JVM, states of an
 * older serial format), late labels, the state a group keeps, a real Kafka source ({@code
 * KafkaSourceIT}), and docs/streaming.md's examples. They use real local Spark sessions (the shared
 * one, and a driver JVM of their own for the kill), Parquet files arriving in temporary folders, a
 * Kafka broker of their own on 127.0.0.1 ({@link io.losseval.testing.KafkaBroker}), and the PyTorch
 * fixture cases; nothing else.
 */
package io.losseval.streaming;
