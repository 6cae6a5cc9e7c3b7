import Testing

@Suite struct PostgresRequiredInCITests {
    @Test func ciProvidesPostgreSQLForTheConformanceSuite() {
        if Backend.isCI {
            #expect(Backend.postgresURL != nil, "CI must run the PostgreSQL conformance suite; .ci/run exports PALISADE_TEST_POSTGRES_URL")
        }
    }
}
