package dev.incidentbot.matrix;

import dev.incidentbot.chat.DeliveryException;
import java.util.Optional;

/**
 * An error answer from the homeserver ({@code errcode}, {@code error}, HTTP status). The client throws it as the
 * cause of a {@link DeliveryException}, so callers that care about one errcode can look it up with {@link #in}.
 */
public final class MatrixApiException extends RuntimeException {
    private final int status;
    private final String errcode;

    public MatrixApiException(int status, String errcode, String error) {
        super(status + " " + errcode + (error.isEmpty() ? "" : ": " + error));
        this.status = status;
        this.errcode = errcode;
    }

    public int status() {
        return status;
    }

    /** The Matrix error code, e.g. {@code M_FORBIDDEN}; {@code M_UNKNOWN} when the body had none. */
    public String errcode() {
        return errcode;
    }

    public static Optional<MatrixApiException> in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MatrixApiException e) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    public static boolean hasErrcode(Throwable failure, String errcode) {
        return in(failure).map(e -> e.errcode().equals(errcode)).orElse(false);
    }
}
