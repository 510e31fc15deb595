package io.khotam.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.khotam.CheckCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Opens a claimed input as a stream of rows, after the file-level checks: never a link, a format
 * kho-tam reads, within the size limit, and (for JSON) a well-formed document holding rows.
 */
public class RowSource {

    private final ParserLimits limits;
    private final ObjectMapper mapper;

    public RowSource(ParserLimits limits) {
        this.limits = limits;
        this.mapper = limits.newMapper();
    }

    public RowStream open(Path input) throws IOException, FileRejectedException {
        if (Files.isSymbolicLink(input)) {
            throw new FileRejectedException(CheckCode.SYMLINK_REFUSED, "'" + input.getFileName()
                    + "' is a symbolic link; its target was not read");
        }
        if (!Files.isRegularFile(input, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileRejectedException(CheckCode.UNSUPPORTED_FORMAT, "'" + input.getFileName() + "' is not a regular file");
        }
        InputFormat format = InputFormat.of(input.getFileName().toString());
        if (format == null) {
            throw new FileRejectedException(CheckCode.UNSUPPORTED_FORMAT, "'" + input.getFileName()
                    + "' is neither *.json, *.jsonl nor *.ndjson");
        }
        long size = Files.size(input);
        if (size > limits.maxFileBytes()) {
            throw new FileRejectedException(CheckCode.TOO_LARGE, "the file has " + size + " bytes; the limit is "
                    + limits.maxFileBytes() + " (khotam.parser.max-file-bytes)");
        }
        return switch (format) {
            case JSON -> JsonDocumentRows.open(mapper, input, limits.maxRowChars());
            case JSONL -> JsonLinesRows.open(mapper, input, limits.maxLineBytes());
        };
    }
}
