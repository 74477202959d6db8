package dev.telltale.agent;

import dev.telltale.Scope;
import dev.telltale.TelltaleClient;

/** A copy of the calling thread's scope, through the public API ({@code wrap} forks; we keep the fork). */
final class ScopeFork {
    private ScopeFork() {}

    /** @return the fork, or null when the thread uses the global scope (every thread sees it anyway) */
    static Scope of(TelltaleClient client) {
        final Scope before = client.currentScope();
        final Scope[] fork = new Scope[1];
        client.wrap(new Runnable() {
                    @Override
                    public void run() {
                        fork[0] = client.currentScope();
                    }
                })
                .run();
        return fork[0] == null || fork[0] == before ? null : fork[0];
    }
}
