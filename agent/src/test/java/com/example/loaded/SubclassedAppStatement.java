package com.example.loaded;

/** A statement known only through its superclass. */
public abstract class SubclassedAppStatement extends AppStatement {
}
