package com.example.apps;

import com.sun.tools.attach.VirtualMachine;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Runs a while without Telltale, then attaches the agent to itself (as an operator would to a running JVM). */
public final class AttachApp {
    public static void main(String[] args) throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        pool.submit(() -> "warm-up").get(); // FutureTask and friends are loaded before the agent comes

        VirtualMachine vm =
                VirtualMachine.attach(String.valueOf(ProcessHandle.current().pid()));
        try {
            vm.loadAgent(args[0], args[1]);
        } finally {
            vm.detach();
        }
        AgentReady.await();

        Thread t = new Thread(
                () -> {
                    throw new IllegalStateException("boom-after-attach");
                },
                "t-attached");
        t.start();
        t.join();
        pool.submit(() -> {
            throw new IllegalStateException("boom-task-after-attach");
        });
        Thread.sleep(100);
        pool.shutdown();
    }
}
