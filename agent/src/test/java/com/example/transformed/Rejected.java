package com.example.transformed;

/** A class outside the ignored families, for the agent transformer's tests. */
public class Rejected {
    public String work(String name, int times) {
        return times > 0 ? name : null;
    }
}
