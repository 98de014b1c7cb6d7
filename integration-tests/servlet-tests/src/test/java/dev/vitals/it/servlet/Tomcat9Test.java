package dev.vitals.it.servlet;

/** Embedded Tomcat 9 (javax.servlet 4.0) with the agent attached. */
class Tomcat9Test extends ContainerTestBase {
    @Override
    App app() {
        return App.TOMCAT_9;
    }
}
