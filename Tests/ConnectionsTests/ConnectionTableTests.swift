import Connections
import Testing

@Suite("Connection table: who is admitted, who is shed")
struct ConnectionTableTests {
    @Test func atTheTotalCapTheConnectionIdleLongestIsShedAndABusyOneNever() {
        var table = ConnectionTable<Int>(maximum: 3, maximumPerSource: 10)
        for id in 1...3 { #expect(table.admit(id, from: "a\(id)") == .admit(shed: nil, reason: nil)) }
        table.markBusy(1)
        #expect(table.admit(4, from: "b") == .admit(shed: 2, reason: .totalCap))
        // 3 is now the oldest idle; 1 is in a request.
        #expect(table.admit(5, from: "b") == .admit(shed: 3, reason: .totalCap))
        #expect(table.count == 3)
        #expect(!table.isIdle(1))
    }

    @Test func aConnectionThatFinishesARequestGoesToTheEndOfTheIdleOrder() {
        var table = ConnectionTable<Int>(maximum: 3, maximumPerSource: 10)
        for id in 1...3 { _ = table.admit(id, from: "a") }
        table.markBusy(1)
        table.markIdle(1)
        #expect(table.admit(4, from: "b") == .admit(shed: 2, reason: .totalCap))
        #expect(table.admit(5, from: "b") == .admit(shed: 3, reason: .totalCap))
        #expect(table.admit(6, from: "b") == .admit(shed: 1, reason: .totalCap))
    }

    @Test func whenEveryConnectionIsInARequestTheNewcomerIsRefused() {
        var table = ConnectionTable<Int>(maximum: 2, maximumPerSource: 10)
        for id in 1...2 {
            _ = table.admit(id, from: "a")
            table.markBusy(id)
        }
        #expect(table.admit(3, from: "b") == .refuse(.totalCap))
        #expect(table.count == 2)
        table.remove(1)
        #expect(table.admit(3, from: "b") == .admit(shed: nil, reason: nil))
    }

    @Test func thePerSourceCapShedsThatSourcesOldestIdleAndLeavesOtherSourcesAlone() {
        var table = ConnectionTable<Int>(maximum: 100, maximumPerSource: 2)
        _ = table.admit(1, from: "flood")
        _ = table.admit(2, from: "device")
        _ = table.admit(3, from: "flood")
        #expect(table.admit(4, from: "flood") == .admit(shed: 1, reason: .sourceCap))
        table.markBusy(3)
        table.markBusy(4)
        #expect(table.admit(5, from: "flood") == .refuse(.sourceCap))
        #expect(table.count(from: "flood") == 2)
        #expect(table.count(from: "device") == 1)
        #expect(table.admit(6, from: "device") == .admit(shed: nil, reason: nil))
    }

    @Test func theIdleOrderStaysBoundedUnderChurn() {
        var table = ConnectionTable<Int>(maximum: 10, maximumPerSource: 10)
        for id in 0..<10 { _ = table.admit(id, from: "s") }
        // Many requests on the same connections: the order keeps working and sheds the right one.
        for round in 0..<10_000 {
            table.markBusy(round % 10)
            table.markIdle(round % 10)
        }
        // The last round touched 9 last, so 0 is the oldest idle.
        #expect(table.admit(10, from: "t") == .admit(shed: 0, reason: .totalCap))
    }
}
