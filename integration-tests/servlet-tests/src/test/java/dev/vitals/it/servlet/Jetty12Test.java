package dev.vitals.it.servlet;

import java.util.List;

/** Embedded Jetty 12 ee10 (jakarta.servlet 6.0) with the agent attached. */
class Jetty12Test extends ContainerTestBase {
    @Override
    App app() {
        return App.JETTY_12;
    }

    /** Jetty 12's core handlers are not instrumented yet: only its servlets are recorded. */
    @Override
    List<String> unhandledPaths() {
        return List.of();
    }
}
