package io.losseval.spark.columnar;

import org.apache.spark.TaskContext;
import org.apache.spark.memory.MemoryConsumer;
import org.apache.spark.memory.MemoryMode;
import org.apache.spark.memory.TaskMemoryManager;
import org.apache.spark.util.TaskCompletionListener;

/**
 * The heap a columnar partial aggregate's groups take in one task, reserved from Spark's memory
 * manager as the per-group arrays grow (an estimate per group), so that the task's other operators
 * and Spark's limits see it. It cannot give memory back on request (the groups are needed until
 * they are emitted): when a reservation is refused the aggregate emits its groups and reuses the
 * same arrays. Outside a task (a direct call in a test) nothing is reserved.
 */
class GroupMemory {
  private static final long CHUNK = 1L << 20;

  /**
   * Memory for groups of {@code bytesPerGroup} and, from the first group on, {@code bytesPerTask}
   * more whatever their number (buffers sized for the task, not per group).
   */
  static GroupMemory forCurrentTask(long bytesPerGroup, long bytesPerTask) {
    TaskContext task = TaskContext.get();
    if (task == null) {
      return new GroupMemory(bytesPerGroup, bytesPerTask);
    }
    Reserved reserved = new Reserved(task.taskMemoryManager(), bytesPerGroup, bytesPerTask);
    task.addTaskCompletionListener((TaskCompletionListener) context -> reserved.release());
    return reserved;
  }

  final long bytesPerGroup;
  final long bytesPerTask;

  private GroupMemory(long bytesPerGroup, long bytesPerTask) {
    this.bytesPerGroup = bytesPerGroup;
    this.bytesPerTask = bytesPerTask;
  }

  /** Reserves room for {@code groups} groups; false if Spark would not grant it. */
  boolean reserve(int groups) {
    return true;
  }

  /** Gives back everything reserved. */
  void release() {}

  private static final class Reserved extends GroupMemory {
    private final Consumer consumer;
    private long reserved;

    Reserved(TaskMemoryManager manager, long bytesPerGroup, long bytesPerTask) {
      super(bytesPerGroup, bytesPerTask);
      consumer = new Consumer(manager);
    }

    @Override
    boolean reserve(int groups) {
      long needed = bytesPerTask + groups * bytesPerGroup;
      if (needed <= reserved) {
        return true;
      }
      long ask = Math.max(needed - reserved, CHUNK);
      reserved += consumer.acquireMemory(ask);
      return reserved >= needed;
    }

    @Override
    void release() {
      if (reserved > 0) {
        consumer.freeMemory(reserved);
        reserved = 0;
      }
    }
  }

  /** Spark's view of the reservation; it cannot spill on request. */
  private static final class Consumer extends MemoryConsumer {
    Consumer(TaskMemoryManager manager) {
      super(manager, manager.pageSizeBytes(), MemoryMode.ON_HEAP);
    }

    @Override
    public long spill(long size, MemoryConsumer trigger) {
      return 0;
    }
  }
}
