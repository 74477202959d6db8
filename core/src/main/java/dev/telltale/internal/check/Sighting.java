package dev.telltale.internal.check;

/** Where a read API shows the canary: the issue (id and, where known, a link) and its top frame. */
final class Sighting {
    final String issue;
    final String url;
    final String topFrame;

    Sighting(String issue, String url, String topFrame) {
        this.issue = issue == null ? "" : issue;
        this.url = url == null ? "" : url;
        this.topFrame = topFrame == null ? "" : topFrame;
    }
}
