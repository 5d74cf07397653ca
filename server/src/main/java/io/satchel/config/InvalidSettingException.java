package io.satchel.config;

/** A setting that Satchel cannot start with; the message names it. */
public final class InvalidSettingException extends RuntimeException {
    public InvalidSettingException(String name, String problem) {
        super(name + " " + problem);
    }
}
