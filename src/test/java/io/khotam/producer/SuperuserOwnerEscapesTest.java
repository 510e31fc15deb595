package io.khotam.producer;

/** The escape corpus on a workspace whose owner is a superuser, as the embedded one's admin is. */
class SuperuserOwnerEscapesTest extends ProducerEscapeCorpus {

    @Override
    String workspaceUrl() {
        return TestWorkspace.url();
    }

    @Override
    String catalogueUrl() {
        return TestWorkspace.URL;
    }
}
