package dev.vitals.it.servlet;

/** Embedded Jetty 9.4 (javax.servlet 3.1) with the agent attached. */
class Jetty9Test extends ContainerTestBase {
    @Override
    App app() {
        return App.JETTY_9;
    }
}
