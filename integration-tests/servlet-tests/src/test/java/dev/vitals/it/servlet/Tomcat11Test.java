package dev.vitals.it.servlet;

/** Embedded Tomcat 11.0 (jakarta.servlet 6.1) with the agent attached. */
class Tomcat11Test extends ContainerTestBase {
    @Override
    App app() {
        return App.TOMCAT_11;
    }
}
