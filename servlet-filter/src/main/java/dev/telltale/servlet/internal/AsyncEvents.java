package dev.telltale.servlet.internal;

/** The end of an asynchronous cycle, as each namespace's {@code AsyncListener} reports it. */
public interface AsyncEvents {
    void onComplete();

    void onError(Throwable error);

    void onTimeout();
}
