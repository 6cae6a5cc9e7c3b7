import Edge
import PalisadeCore
import Testing

@Suite struct AuditHeadTrackerTests {
    static func head(_ sequence: Int64, _ fill: Character) -> AuditChainHead {
        AuditChainHead(sequence: sequence, hash: String(repeating: fill, count: 64))
    }

    @Test func aHeadThatGoesBackOrChangesInPlaceIsARegressionAndTheEvidenceIsKept() {
        var tracker = AuditHeadTracker()
        #expect(tracker.observe(Self.head(5, "a")) == .first)
        #expect(tracker.observe(Self.head(5, "a")) == .unchanged)
        #expect(tracker.observe(Self.head(9, "b")) == .advanced)
        #expect(tracker.observe(Self.head(7, "c")) == .regressed(previous: Self.head(9, "b")), "events cut off the end")
        #expect(tracker.observe(Self.head(9, "d")) == .regressed(previous: Self.head(9, "b")), "the same place, another hash: rewritten")
        #expect(tracker.latest == Self.head(9, "b"))
        #expect(tracker.observe(Self.head(12, "e")) == .advanced)
    }
}
