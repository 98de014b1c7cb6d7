package com.example.loaded;

/** An application's JDBC statement class (outside the agent's own ignored packages), for the candidate tests. */
public abstract class AppStatement implements java.sql.Statement {
}
