package dev.vitals.it.servlet;

/** Embedded Tomcat 10.1 (jakarta.servlet 6.0) with the agent attached. */
class Tomcat10Test extends ContainerTestBase {
    @Override
    App app() {
        return App.TOMCAT_10;
    }
}
