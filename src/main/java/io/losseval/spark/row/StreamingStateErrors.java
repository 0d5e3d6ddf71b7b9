package io.losseval.spark.row;

import io.losseval.core.LossStateException;
import org.apache.spark.TaskContext;

/**
 * Explains a partial state that cannot be read when it comes from a Structured Streaming query's
 * state store: there, the aggregates' serialized states are part of the query's checkpoint, so a
 * state written by another version of this library is a checkpoint written by that version.
 */
final class StreamingStateErrors {
  // Local properties the streaming engine sets on every job of a micro-batch (StreamExecution).
  private static final String QUERY_ID = "sql.streaming.queryId";
  private static final String BATCH_ID = "streaming.sql.batchId";

  private StreamingStateErrors() {}

  /**
   * {@code e} itself outside a streaming query; inside one, an exception that names the query (its
   * id is the {@code id} in the checkpoint's {@code metadata} file), the micro-batch, and what to
   * do.
   */
  static LossStateException inContext(LossStateException e) {
    TaskContext task = TaskContext.get();
    String query = task == null ? null : task.getLocalProperty(QUERY_ID);
    if (query == null) {
      return e;
    }
    LossStateException explained =
        new LossStateException(
            "streaming query "
                + query
                + " (micro-batch "
                + task.getLocalProperty(BATCH_ID)
                + "): a state in the query's checkpoint"
                + " (the location whose metadata file holds this id) cannot be read ("
                + e.getMessage()
                + "). The checkpoint was written by another version of"
                + " spark-loss-evaluator: finish it with that version, or restart the query with a new"
                + " checkpoint location (its aggregates then start empty, from the rows read after the"
                + " restart). No result was computed from the unreadable state.");
    explained.initCause(e);
    return explained;
  }
}
