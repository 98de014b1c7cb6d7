package dev.vitals.it.servlet;

/** Embedded Jetty 11.0 (jakarta.servlet 5.0) with the agent attached. */
class Jetty11Test extends ContainerTestBase {
    @Override
    App app() {
        return App.JETTY_11;
    }
}
