package dev.telltale.processing;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Drops exceptions of configured classes (or their subclasses), before anything is built. */
public final class IgnoreRule {
    private final Set<String> names;

    public IgnoreRule(List<String> classNames) {
        this.names = new HashSet<>(classNames);
    }

    public boolean ignores(Throwable t) {
        if (t == null || names.isEmpty()) {
            return false;
        }
        for (Class<?> c = t.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            if (names.contains(c.getName())) {
                return true;
            }
        }
        return false;
    }
}
