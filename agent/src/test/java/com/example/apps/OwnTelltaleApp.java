package com.example.apps;

import dev.telltale.Telltale;
import dev.telltale.TelltaleOptions;

/** An application that also runs its own Telltale (with its default uncaught handler) under the agent. */
public final class OwnTelltaleApp {
    public static void main(String[] args) throws Exception {
        Telltale.init(TelltaleOptions.builder().destinations("file:" + args[0]).build());
        Thread t = new Thread(
                () -> {
                    throw new IllegalStateException("boom-own-telltale");
                },
                "t-own-telltale");
        t.start();
        t.join();
        Telltale.close();
    }
}
