package dev.userapptokens.core.tokens;

import dev.userapptokens.core.MovableClock;
import dev.userapptokens.core.Services;

/** {@link TokensServiceTest} on the DynamoDB store: both implementations keep the same rules. */
class TokensServiceOnDynamoTest extends TokensServiceTest {

    @Override
    Services services(MovableClock clock) {
        return Services.onDynamo(clock);
    }
}
