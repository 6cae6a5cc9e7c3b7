import Foundation
import Inspection
import Testing

/// A device answering the commands the edge handed it is not a flood: its results are not charged to its rate.
@Suite("Rate limit and queued commands")
struct CommandQueueRateTests {
    typealias F = InspectionFixtures
    let t0 = InspectionFixtures.now

    func uuid(_ index: Int) -> String { String(format: "00000000-0000-4000-8000-%012d", index) }

    @Test("a device acknowledging 200 queued commands in a row is never told 429, while 200 Idles in a burst are")
    func longQueueServed() {
        let gate = InspectionGate()
        // The session starts with an Idle, charged like any.
        #expect(gate.inspect(F.connect(F.result(status: "Idle", commandUUID: nil), at: t0)).decision == .pass)
        var decisions: [InspectionDecision] = []
        for index in 0..<200 {
            let now = t0.addingTimeInterval(Double(index) * 0.01)
            gate.handed(commandUUID: uuid(index), to: F.udid, now: now)
            let status = index % 10 == 9 ? "NotNow" : (index % 7 == 6 ? "Error" : "Acknowledged")
            decisions.append(gate.inspect(F.connect(F.result(status: status, commandUUID: uuid(index)), at: now)).decision)
        }
        #expect(decisions.allSatisfy { $0 == .pass }, "\(decisions.filter { $0 != .pass }.count) refused")

        // Flood protection stays: another device's 200 Idles in one burst get its burst of 60, then 429.
        let other = "00008030-001A2D2E0C38802E"
        let idles = (0..<200).map { _ in gate.inspect(F.connect(F.result(status: "Idle", commandUUID: nil, udid: other), at: t0)) }
        let served = idles.filter { $0.decision == .pass }.count
        #expect(served == 60)
        #expect(idles.last?.decision == .refuse(status: 429))
        #expect(idles.last?.ruleIDs == ["rate.device"])
    }

    @Test("results for commands not handed to this device, and a second result for one, are charged")
    func unknownResultsCharged() {
        let gate = InspectionGate(policy: InspectionPolicy(deviceRate: RateLimit(burst: 3, perSecond: 0)))
        gate.handed(commandUUID: uuid(1), to: "another-device-udid-0000000000000000000000", now: t0)
        gate.handed(commandUUID: uuid(2), to: F.udid, now: t0)
        let results = [uuid(1), uuid(2), uuid(2), uuid(3), uuid(4), uuid(5)].map {
            gate.inspect(F.connect(F.result(status: "Acknowledged", commandUUID: $0), at: t0)).decision
        }
        // uuid(1) was another device's (charged), uuid(2) answers once free then is charged, 3 and 4 are unknown.
        #expect(results == [.pass, .pass, .pass, .pass, .refuse(status: 429), .refuse(status: 429)])
        // A device that was not handed a command cannot get one excused by naming it first.
        #expect(gate.inspect(F.connect(F.result(status: "Acknowledged", commandUUID: uuid(2)), at: t0)).decision == .refuse(status: 429))
    }

    @Test("the memory of handed commands is bounded per device and in devices")
    func bounded() {
        var outstanding = OutstandingCommands(perDevice: 3, maximumDevices: 10)
        for index in 0..<5 { outstanding.handed(uuid(index), to: "d", now: t0) }
        let answers = [0, 1, 4, 4].map { outstanding.answer(uuid($0), from: "d") }
        #expect(answers == [false, false, true, false], "the oldest were forgotten; a command is answered once")
        for index in 0..<100 { outstanding.handed(uuid(index), to: "device-\(index)", now: t0.addingTimeInterval(Double(index))) }
        #expect(outstanding.trackedDevices <= 10)
        let newest = outstanding.answer(uuid(99), from: "device-99")
        #expect(newest, "the most recent device is remembered")
    }
}
