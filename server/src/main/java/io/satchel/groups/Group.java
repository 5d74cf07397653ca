package io.satchel.groups;

import java.util.List;

/** An immutable, ordered set of a project's files; its id is {@code <uuid>~<count>}. */
public record Group(String id, long projectId, int filesCount, long datetimeCreated, Long datetimeStored,
                    List<Member> members) {

    /** The i-th file of the group and the operations applied to it by default (without a leading {@code -/}). */
    public record Member(int position, String fileUuid, String defaultEffects) {}
}
