package com.example.loaded;

/** A class no module advises. */
public final class Unrelated {
}
