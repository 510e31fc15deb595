package io.khotam.producer;

import java.sql.SQLException;

/** The workspace would let a producer reach past its own schema, or cannot make run roles safely: kho-tam refuses it. */
public class WorkspaceUnsafeException extends SQLException {
    public WorkspaceUnsafeException(String message) {
        super(message);
    }
}
