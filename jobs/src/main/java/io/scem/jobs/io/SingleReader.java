package io.scem.jobs.io;

/** A source that must run as one reader (the simulator: a second reader would repeat it). */
public interface SingleReader {}
