package dev.vitals.it.servlet;

/** Undertow servlet 2.3 (jakarta.servlet 6.0) with the agent attached. */
class UndertowTest extends ContainerTestBase {
    @Override
    App app() {
        return App.UNDERTOW;
    }
}
