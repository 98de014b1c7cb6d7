package dev.vitals.bootstrap.jdbc;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The hook wires the agent's recorder on its first call, so that call is recorded, not lost to the no-op. */
class JdbcHooksTest {
    /** Remembers the names data sources were looked up by. */
    static final class Names implements JdbcRecorder {
        final List<String> names = new ArrayList<>();

        @Override
        public void lookedUp(Object object, String name) {
            names.add(name);
        }
    }

    @AfterEach
    void reset() {
        JdbcHooks.install(null);
        JdbcHooks.wireOnFirstUse(null);
    }

    @Test
    void theFirstCallRunsTheWiringAndGetsTheRecorderItInstalled() {
        Names recorder = new Names();
        AtomicInteger wirings = new AtomicInteger();
        JdbcHooks.wireOnFirstUse(() -> {
            wirings.incrementAndGet();
            JdbcHooks.install(recorder);
            JdbcHooks.wireOnFirstUse(null); // as the agent does once it has run
        });

        assertSame(recorder, JdbcHooks.recorder());
        assertSame(recorder, JdbcHooks.recorder());
        assertEquals(1, wirings.get());
    }

    @Test
    void withoutAWiringTheRecorderIsTheNoOp() {
        assertSame(JdbcRecorder.NOOP, JdbcHooks.recorder());
    }

    @Test
    void aWiringThatThrowsLeavesTheNoOpAndNeverReachesTheCaller() {
        JdbcHooks.wireOnFirstUse(() -> {
            throw new IllegalStateException("broken on purpose");
        });

        assertSame(JdbcRecorder.NOOP, JdbcHooks.recorder());
    }

    @Test
    void onlyADataSourceLookedUpByNameReachesTheRecorderOrWiresIt() {
        Names recorder = new Names();
        AtomicInteger wirings = new AtomicInteger();
        JdbcHooks.wireOnFirstUse(() -> {
            wirings.incrementAndGet();
            JdbcHooks.install(recorder);
        });
        DataSource dataSource = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> null);

        JdbcHooks.lookedUp("a user database", "UserDatabase");
        assertEquals(0, wirings.get(), "a container's own lookup wired the database recorder");
        JdbcHooks.lookedUp(dataSource, "java:comp/env/jdbc/shop");

        assertEquals(1, wirings.get());
        assertEquals(List.of("java:comp/env/jdbc/shop"), recorder.names);
    }
}
