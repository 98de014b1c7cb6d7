package dev.vitals.it.servlet;

import java.util.List;

/** Undertow servlet 2.3 (jakarta.servlet 6.0) with the agent attached. */
class UndertowTest extends ContainerTestBase {
    @Override
    App app() {
        return App.UNDERTOW;
    }

    /** Undertow answers /plain on the I/O thread and /plain-worker after a dispatch to a worker. */
    @Override
    List<String> unhandledPaths() {
        return List.of("/plain", "/plain-worker");
    }
}
