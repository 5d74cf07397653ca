package io.satchel.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeliveryValidatorsTest {
    private static final String TAG = Validators.etagOf("ab12");

    @Test
    void theTagIsTheQuotedHash() {
        assertThat(TAG).isEqualTo("\"ab12\"");
    }

    @Test
    void ifNoneMatchUsesWeakComparisonListsAndStar() {
        assertThat(Validators.noneMatchFails(null, TAG)).isFalse();
        assertThat(Validators.noneMatchFails("\"ab12\"", TAG)).isTrue();
        assertThat(Validators.noneMatchFails("W/\"ab12\"", TAG)).isTrue();
        assertThat(Validators.noneMatchFails("\"x\", W/\"y\" ,\"ab12\"", TAG)).isTrue();
        assertThat(Validators.noneMatchFails(" * ", TAG)).isTrue();
        assertThat(Validators.noneMatchFails("\"ab1\"", TAG)).isFalse();
        assertThat(Validators.noneMatchFails("ab12", TAG)).isFalse();
        assertThat(Validators.noneMatchFails("", TAG)).isFalse();
    }

    @Test
    void ifRangeNeedsTheExactStrongTag() {
        assertThat(Validators.ifRangeHolds(null, TAG)).isTrue();
        assertThat(Validators.ifRangeHolds("\"ab12\"", TAG)).isTrue();
        assertThat(Validators.ifRangeHolds("W/\"ab12\"", TAG)).isFalse();
        assertThat(Validators.ifRangeHolds("\"other\"", TAG)).isFalse();
        assertThat(Validators.ifRangeHolds("Wed, 21 Oct 2015 07:28:00 GMT", TAG)).isFalse();
    }
}
