package dev.vitals.agent.database;

import dev.vitals.agent.metrics.MetricRegistry;
import dev.vitals.agent.metrics.TimerFamily;
import dev.vitals.agent.metrics.WindowConfig;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The recorder without a database: the objects advice passes are plain objects here (the recorder treats anything
 * that is not a {@code java.sql} type as a statement or connection of an unknown database).
 */
class DatabaseMetricsTest {
    private static final int SQL_LIMIT = 200;
    private static final int CACHE = 2_000;
    private static final int STATEMENT_LIMIT = 500;

    private static DatabaseMetrics metrics(MetricRegistry registry) {
        return new DatabaseMetrics(registry, SQL_LIMIT, STATEMENT_LIMIT, CACHE, 100, 50, null);
    }

    @Test
    void preparedStatementIsReducedOnceAndCountedOnce() {
        MetricRegistry registry = new MetricRegistry(WindowConfig.DEFAULT);
        DatabaseMetrics m = metrics(registry);
        Object connection = new Object();
        Object statement = new Object();
        m.prepared(connection, statement, "SELECT * FROM owners WHERE last_name = 'Davis'");
        for (int i = 0; i < 5; i++) {
            m.executed(statement, null, System.nanoTime(), null);
        }
        m.executed(statement, null, System.nanoTime(), new SQLException("boom", "40001"));
        registry.rotateAll(System.currentTimeMillis());
        TimerFamily ops = registry.timerFamilies().get(0);
        assertEquals(DatabaseMetrics.OPERATION, ops.name());
        assertEquals(5, ops.get("other_sql", "SELECT", "owners", "", "none").lifetimeCount());
        assertEquals(1, ops.get("other_sql", "SELECT", "owners", "", "40001").lifetimeCount());
        assertEquals("SQLException", DatabaseMetrics.errorType(new SQLException("no state")));
        assertEquals("IllegalStateException", DatabaseMetrics.errorType(new IllegalStateException()));
    }

    /** Vitals never keeps an application's data source, connection or statement alive. */
    @Test
    void applicationObjectsAreHeldWeakly() throws InterruptedException {
        DatabaseMetrics m = metrics(new MetricRegistry(WindowConfig.DEFAULT));
        Object dataSource = new Object();
        Object connection = new Object();
        Object statement = new Object();
        m.acquiring(dataSource);
        m.acquired(dataSource, connection, System.nanoTime(), null);
        m.prepared(connection, statement, "SELECT 1 FROM dual");
        m.executed(statement, null, System.nanoTime(), null);
        java.lang.ref.WeakReference<Object> ds = new java.lang.ref.WeakReference<>(dataSource);
        java.lang.ref.WeakReference<Object> st = new java.lang.ref.WeakReference<>(statement);
        java.lang.ref.WeakReference<Object> cn = new java.lang.ref.WeakReference<>(connection);
        assertEquals(1, m.sources().size());
        dataSource = null;
        connection = null;
        statement = null;
        for (int i = 0; i < 50 && (ds.get() != null || st.get() != null || cn.get() != null); i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(ds.get() == null && st.get() == null && cn.get() == null, "an application object was kept alive");
        assertEquals(0, m.sources().size(), "a collected data source is no longer listed");
    }

    /** Derived names: system, user, server and database from the URL; no parameters, no password. */
    @Test
    void derivedAndJndiNames() {
        assertEquals("postgresql://postgres@127.0.0.1:5432/test", DatabaseMetrics.derivedName(
                JdbcUrl.parse("jdbc:postgresql://127.0.0.1:5432/test?ApplicationName=x&password=secret"), "postgres"));
        assertEquals("mariadb://db:3306/shop", DatabaseMetrics.derivedName(JdbcUrl.parse("jdbc:mariadb://db:3306/shop"), ""));
        assertEquals("", DatabaseMetrics.derivedName(JdbcUrl.parse(null), "sa"));
        assertEquals("jdbc/shop", DatabaseMetrics.jndiName("java:comp/env/jdbc/shop"));
        assertEquals("java:jboss/datasources/ExampleDS", DatabaseMetrics.jndiName("java:jboss/datasources/ExampleDS"));
    }

    /**
     * Two live data sources with the same name are told apart by {@code #2} in the order of first use; once the first
     * is gone, the next one with that name takes the name back (a redeployed application's pool).
     */
    @Test
    void sameNamesAreNumberedAndReusedOnceFree() throws InterruptedException {
        DatabaseMetrics m = metrics(new MetricRegistry(WindowConfig.DEFAULT));
        Object first = new Object();
        Object second = new Object();
        m.acquiring(first);
        m.acquired(first, null, System.nanoTime(), null);
        m.acquiring(second);
        m.acquired(second, null, System.nanoTime(), null);
        assertEquals(java.util.List.of("Object", "Object #2"), names(m));
        java.lang.ref.WeakReference<Object> gone = new java.lang.ref.WeakReference<>(first);
        first = null;
        for (int i = 0; i < 50 && gone.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(gone.get() == null, "the collector did not clear the data source");
        m.sweep();
        Object third = new Object();
        m.acquiring(third);
        m.acquired(third, null, System.nanoTime(), null);
        assertEquals(java.util.List.of("Object #2", "Object"), names(m));
        assertTrue(second != null && third != null);
    }

    private static java.util.List<String> names(DatabaseMetrics m) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (Source s : m.sources()) {
            out.add(s.name);
        }
        return out;
    }

    /** Executing a prepared statement again allocates nothing. */
    @Test
    void executingAPreparedStatementAgainAllocatesNothing() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);
        DatabaseMetrics m = metrics(new MetricRegistry(WindowConfig.DEFAULT));
        Object connection = new Object();
        Object[] statements = new Object[4];
        for (int i = 0; i < statements.length; i++) {
            statements[i] = new Object();
            m.prepared(connection, statements[i], "SELECT name FROM pets WHERE id = ? AND kind = " + i);
        }
        long thread = Thread.currentThread().getId();
        double perCall = Double.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < 100_000; i++) {
                m.executed(statements[i & 3], null, System.nanoTime(), null);
            }
            perCall = (threads.getThreadAllocatedBytes(thread) - before) / 100_000.0;
        }
        assertTrue(perCall < 1.0, perCall + " bytes allocated per execution");
    }

    @Test
    void statementsAreReducedAndCountedWithTheirErrors() {
        DatabaseMetrics m = metrics(new MetricRegistry(WindowConfig.DEFAULT));
        Object statement = new Object();
        for (int i = 0; i < 10; i++) {
            m.executed(statement, "SELECT name FROM owners WHERE id = " + i, System.nanoTime() - 2_000_000, null);
        }
        m.executed(statement, "SELECT name FROM owners WHERE id = 'secret'", System.nanoTime(),
                new java.sql.SQLException("bad", "22P02"));
        List<StatementStats> all = m.statementTable().all();
        assertEquals(1, all.size(), all.toString());
        StatementStats s = all.get(0);
        assertEquals(11, s.calls.sum());
        assertEquals(1, s.errors.sum());
        assertFalse(s.text.contains("secret"), s.text);
        assertTrue(s.p95Millis() >= 1.5, "p95 " + s.p95Millis());
        assertTrue(s.maxNanos.get() >= 2_000_000);
    }

    @Test
    void statementsPastTheLimitCountAsOtherPerSource() {
        MetricRegistry registry = new MetricRegistry(WindowConfig.DEFAULT);
        DatabaseMetrics m = new DatabaseMetrics(registry, SQL_LIMIT, 3, CACHE, 100, 50, null);
        Object statement = new Object();
        for (int i = 0; i < 10; i++) {
            m.executed(statement, "SELECT c" + i + " FROM t", System.nanoTime(), null);
        }
        List<StatementStats> all = m.statementTable().all();
        assertEquals(4, all.size(), "three statements and one _other");
        long other = 0;
        for (StatementStats s : all) {
            if (s.text.equals(StatementTable.OTHER_TEXT)) {
                other = s.calls.sum();
            }
        }
        assertEquals(7, other);
    }

    /** One million distinct SQL texts (literals built into the SQL) leave series, caches and heap bounded. */
    @Test
    void aMillionDistinctSqlTextsStayBounded() {
        MetricRegistry registry = new MetricRegistry(WindowConfig.DEFAULT);
        DatabaseMetrics m = metrics(registry);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        Object statement = new Object();
        // Warm up with the first texts, then measure the heap after everything else.
        for (int i = 0; i < 10_000; i++) {
            m.executed(statement, "SELECT * FROM t_" + i + " WHERE id = " + i + " AND name = 'user" + i + "'",
                    System.nanoTime(), null);
        }
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        for (int i = 10_000; i < 1_000_000; i++) {
            Object prepared = new Object();
            m.prepared(statement, prepared, "UPDATE t_" + (i % 5_000) + " SET x = " + i);
            m.executed(prepared, null, System.nanoTime(), null);
            m.executed(statement, "SELECT * FROM t_" + i + " WHERE id = " + i + " AND name = 'user" + i + "'",
                    System.nanoTime(), null);
        }
        System.gc();
        long grown = memory.getHeapMemoryUsage().getUsed() - baseline;
        TimerFamily ops = registry.timerFamilies().get(0);
        assertTrue(ops.size() <= ops.maxSeries() + 1, "series: " + ops.size());
        assertTrue(m.operationPairs() <= SQL_LIMIT, "operation/table pairs: " + m.operationPairs());
        assertTrue(m.cachedTexts() <= 2 * CACHE + 2, "cached SQL texts: " + m.cachedTexts());
        assertTrue(m.trackedStatements() <= DatabaseMetrics.STATEMENT_SLOTS, "statements: " + m.trackedStatements());
        List<StatementStats> reduced = m.statementTable().all();
        assertTrue(reduced.size() <= STATEMENT_LIMIT + 1, "reduced statements: " + reduced.size());
        for (StatementStats st : reduced) {
            assertFalse(st.text.contains("user") || st.text.matches(".*\\b[0-9]{5,}\\b.*"), "a literal kept: " + st.text);
        }
        assertTrue(m.slow().added() == 0 || m.slow().recent(null, 0, 1_000).size() <= 50);
        assertTrue(grown < 32L << 20, "heap grew by " + (grown >> 20) + " MB over a million distinct SQL texts");
        registry.rotateAll(System.currentTimeMillis());
        long total = 0;
        for (int i = 0; i < 1; i++) {
            final long[] sum = {0};
            ops.forEach((labels, timer) -> sum[0] += timer.lifetimeCount());
            total = sum[0];
        }
        assertEquals(10_000 + 2L * 990_000, total, "every execution counted once, _other included");
    }
}
