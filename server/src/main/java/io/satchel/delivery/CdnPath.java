package io.satchel.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * What a CDN address names (spec §4.1): a file, a group's page, or one member of a group. Ids are
 * matched case-insensitively and kept in lower case. The filename is the last segment only when the
 * path has no trailing slash.
 */
public sealed interface CdnPath {
    /** {@code /<uuid>/[-/ops…/][filename]}. */
    record FileAddress(String uuid, Chain chain, Optional<String> filename) implements CdnPath {}

    /** {@code /<uuid~N>/}: the page listing the members. */
    record GroupPage(String groupId) implements CdnPath {}

    /** {@code /<uuid~N>/nth/<i>/[-/ops…/][filename]}. */
    record GroupMember(String groupId, int index, Chain chain, Optional<String> filename) implements CdnPath {}

    /**
     * The address in percent-decoded, non-empty {@code segments}; empty when they are not one this CDN
     * serves (including conversions, archives and other addresses not built yet).
     */
    static Optional<CdnPath> parse(List<String> segments, boolean trailingSlash) {
        if (segments.isEmpty()) return Optional.empty();
        String head = segments.getFirst().toLowerCase(Locale.ROOT);
        List<String> rest = new ArrayList<>(segments.subList(1, segments.size()));
        if (PathGrammar.FILE.matcher(head).matches()) {
            Optional<String> filename = takeFilename(rest, trailingSlash);
            return Chain.parse(rest).map(chain -> new FileAddress(head, chain, filename));
        }
        Matcher group = PathGrammar.GROUP.matcher(head);
        if (!group.matches()) return Optional.empty();
        if (rest.isEmpty()) return Optional.of(new GroupPage(head));
        if (rest.size() < 2 || !rest.get(0).equals("nth") || !PathGrammar.INDEX.matcher(rest.get(1)).matches()) {
            return Optional.empty();
        }
        int index = Integer.parseInt(rest.get(1));
        if (index >= Integer.parseInt(group.group(1))) return Optional.empty();
        rest = new ArrayList<>(rest.subList(2, rest.size()));
        Optional<String> filename = takeFilename(rest, trailingSlash);
        return Chain.parse(rest).map(chain -> new GroupMember(head, index, chain, filename));
    }

    private static Optional<String> takeFilename(List<String> rest, boolean trailingSlash) {
        if (trailingSlash || rest.isEmpty()) return Optional.empty();
        return Optional.of(rest.removeLast());
    }
}
