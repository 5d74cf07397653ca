package io.satchel.delivery;

import java.util.regex.Pattern;

/** The shapes of ids in CDN addresses (lower case: {@link CdnPath} folds case first). */
final class PathGrammar {
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    static final Pattern FILE = Pattern.compile(UUID);
    static final Pattern GROUP = Pattern.compile(UUID + "~([1-9][0-9]{0,3})");
    static final Pattern INDEX = Pattern.compile("[0-9]{1,4}");

    private PathGrammar() {}
}
