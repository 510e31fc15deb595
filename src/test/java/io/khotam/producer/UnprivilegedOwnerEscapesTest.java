package io.khotam.producer;

/** The escape corpus on a workspace whose owner has no privilege but its database, as compose makes it. */
class UnprivilegedOwnerEscapesTest extends ProducerEscapeCorpus {

    @Override
    String workspaceUrl() {
        return ComposeStyleWorkspace.fresh();
    }

    @Override
    String catalogueUrl() {
        return ComposeStyleWorkspace.superuserUrl();
    }
}
