package dev.vitals.it.servlet;

/** Embedded Jetty 10.0 (javax.servlet 4.0) with the agent attached. */
class Jetty10Test extends ContainerTestBase {
    @Override
    App app() {
        return App.JETTY_10;
    }
}
