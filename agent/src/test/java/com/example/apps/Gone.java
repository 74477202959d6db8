package com.example.apps;

/** Compiled, then left off the class path of {@link HookFailureApp}: {@link BrokenFilter} cannot be resolved. */
public interface Gone {}
