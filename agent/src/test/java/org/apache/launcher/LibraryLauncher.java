package org.apache.launcher;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.bytebuddy.ByteBuddy;

/**
 * A main class inside a library namespace (as a container's bootstrap or a launcher is): the
 * in-app detector has no application package to infer and falls back on its library list. The
 * application brings its own Byte Buddy, which fails inside its own frames; a plain task fails
 * under the agent's executor bridge.
 */
public final class LibraryLauncher {
    public static void main(String[] args) throws Exception {
        Thread t = new Thread(
                () -> {
                    new ByteBuddy()
                            .subclass(Object.class)
                            .name("not a valid name!")
                            .make();
                },
                "t-app-bytebuddy");
        t.start();
        t.join();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        pool.execute(com.example.apps.Tasks.failing("launcher-task"));
        pool.shutdown();
        pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    }
}
