import Edge
import PalisadeCore
import Testing

/// Events wait for a core within a bound; what overflows is counted and reported, and alarms outlast a flood.
@Suite struct EdgeEventBufferTests {
    func inspection(_ at: Int64) -> EdgeEvent { EdgeEvent(kind: .inspectionRefused, at: at, rules: ["plist.doctype"]) }

    @Test func overflowIsCountedAndReportedAsOneDroppedEventUntilACoreTakesIt() throws {
        var buffer = EdgeEventBuffer(capacity: 3)
        for at in 0..<5 { buffer.append(inspection(Int64(at))) }
        #expect(buffer.events.map(\.at) == [0, 1, 2] && buffer.dropped == 2)
        let batch = try #require(buffer.next(limit: 2, at: 99))
        #expect(batch.events.map(\.kind) == [.inspectionRefused, .inspectionRefused, .dropped])
        #expect(batch.events.last?.count == 2)
        // Seen while the batch was on its way: kept.
        buffer.delivered(batch)
        buffer.append(inspection(7))
        #expect(buffer.events.map(\.at) == [2, 7] && buffer.dropped == 0)
        buffer.delivered(try #require(buffer.next(limit: 10, at: 100)))
        #expect(buffer.isEmpty && buffer.next(limit: 10, at: 101) == nil)
    }

    @Test func anAlarmTakesThePlaceOfTheOldestInspectionRefusalWhenFull() {
        var buffer = EdgeEventBuffer(capacity: 2)
        buffer.append(inspection(0))
        buffer.append(inspection(1))
        buffer.append(EdgeEvent(kind: .commandRefused, at: 2, reason: "no approval came with the command"))
        #expect(buffer.events.map(\.kind) == [.inspectionRefused, .commandRefused])
        #expect(buffer.dropped == 1)
        buffer.append(EdgeEvent(kind: .wipeHeld, at: 3, trippedAt: 3))
        buffer.append(EdgeEvent(kind: .wipeReleased, at: 4, trippedAt: 3))
        #expect(buffer.events.map(\.kind) == [.commandRefused, .wipeHeld], "alarms are not pushed out by alarms")
        #expect(buffer.dropped == 3)
    }
}
