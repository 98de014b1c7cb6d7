package dev.vitals.agent.database;

import dev.vitals.agent.metrics.Timer;

/**
 * A SQL text resolved once for one data source: its reduced shape and the timer its successful executions go to.
 * Executing a statement again is then one table lookup and one {@link Timer#record}. Immutable; references no
 * application object.
 */
final class Prepared {
    final Source source;
    final SqlReducer.Shape shape;
    /**
     * {@code db_client_operation_duration_seconds} for this shape with {@code error_type="none"}, resolved on the
     * first success (so a statement that only ever fails creates no empty success series). A benign race: racing
     * threads resolve the same series.
     */
    volatile Timer success;
    /** The source's own timer for this shape's successes (the per-data-source figures of {@code /health/database}). */
    volatile Timer sourceSuccess;
    /** The shape's operation and table as written to labels (possibly {@code _other} past the cap). */
    final String operationLabel;
    final String tableLabel;
    /** The reduced statement's figures on this source ({@code /health/database/statements}). */
    final StatementStats stats;

    Prepared(Source source, SqlReducer.Shape shape, String operationLabel, String tableLabel, StatementStats stats) {
        this.source = source;
        this.shape = shape;
        this.operationLabel = operationLabel;
        this.tableLabel = tableLabel;
        this.stats = stats;
    }
}
