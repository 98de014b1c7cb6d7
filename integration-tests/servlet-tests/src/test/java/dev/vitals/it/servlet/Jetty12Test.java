package dev.vitals.it.servlet;

/** Embedded Jetty 12 ee10 (jakarta.servlet 6.0) with the agent attached. */
class Jetty12Test extends ContainerTestBase {
    @Override
    App app() {
        return App.JETTY_12;
    }
}
