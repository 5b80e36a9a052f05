package io.scem.jobs.io;

/** A sink that must run as one writer (a local file): the job runs it at parallelism 1. */
public interface SingleWriter {}
