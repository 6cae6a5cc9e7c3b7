@testable import Core
import Foundation
import Logging
import PalisadeCore
import Prometheus
import Storage
import Synchronization
import Testing

/// The silent-edge alarm: the pure decision, then the alarm it raises (audit event, metric) on a real store.
@Suite struct EdgeResultWatchTests {
    let start = Date(timeIntervalSince1970: 1_780_000_000)
    let edge = "sha256:EDGE"
    let device = DeviceID()
    let other = DeviceID()

    func minutes(_ count: Double) -> Date { start.addingTimeInterval(count * 60) }

    @Test func aDeviceStillCheckingInThroughAnEdgeThatReturnedNoResultSinceItsCommandRaisesOneAlarm() {
        var watch = EdgeResultWatch(threshold: 15 * 60)
        watch.delivered(to: device, through: edge, at: minutes(0))
        // Before the threshold: nothing.
        #expect(watch.idle(device, through: edge, at: minutes(14)) == nil)
        let silence = watch.idle(device, through: edge, at: minutes(15))
        #expect(silence == EdgeResultWatch.Silence(edge: edge, device: device, deliveredAt: minutes(0), lastResultAt: nil))
        // One silence, one alarm.
        #expect(watch.idle(device, through: edge, at: minutes(16)) == nil)
        // Results come back through the edge: the silence is over, and a new one alarms again.
        watch.answered(by: device, through: edge, at: minutes(17))
        watch.delivered(to: device, through: edge, at: minutes(18))
        #expect(watch.idle(device, through: edge, at: minutes(40))?.lastResultAt == minutes(17))
    }

    @Test func flowingResultsAnotherEdgeAndAnsweredDevicesRaiseNoAlarm() {
        var watch = EdgeResultWatch(threshold: 15 * 60)
        watch.delivered(to: device, through: edge, at: minutes(0))
        // Another device's result through the same edge after the delivery: the edge passes results on.
        watch.answered(by: other, through: edge, at: minutes(5))
        #expect(watch.idle(device, through: edge, at: minutes(30)) == nil)
        // A device never handed a command through the edge checks in: nothing to miss.
        #expect(watch.idle(other, through: edge, at: minutes(30)) == nil)
        // The same device through another edge: that edge sent it nothing.
        #expect(watch.idle(device, through: "sha256:OTHER", at: minutes(30)) == nil)

        var answered = EdgeResultWatch(threshold: 15 * 60)
        answered.delivered(to: device, through: edge, at: minutes(0))
        // It answered through another edge: it was not kept from answering.
        answered.answered(by: device, through: "sha256:OTHER", at: minutes(1))
        #expect(answered.idle(device, through: edge, at: minutes(30)) == nil)
        // A second delivery keeps the first time: a re-sent command does not reset the count.
        answered.delivered(to: device, through: edge, at: minutes(31))
        answered.delivered(to: device, through: edge, at: minutes(40))
        #expect(answered.idle(device, through: edge, at: minutes(46))?.deliveredAt == minutes(31))
    }

    @Test func theAlarmIsAuditedCountedAndLoggedAtTheInjectedTime() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-silence-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let storage = try await SQLStorage.sqlite(path: directory.appendingPathComponent("palisade.sqlite").path)
        let clock = SettableClock(start)
        let registry = PrometheusCollectorRegistry()
        let alarms = BreachAlarms(
            audit: storage, clock: clock, metrics: PrometheusMetricsFactory(registry: registry), silenceThreshold: 15 * 60, logger: Logger(label: "test")
        )
        alarms.delivered(to: device, through: edge)
        // The core's own listener names no edge, and is never watched.
        alarms.delivered(to: other, through: nil)
        clock.advance(by: 20 * 60)
        await alarms.idle(other, through: nil)
        await alarms.idle(device, through: edge)
        let events = try await storage.events(matching: AuditFilter(action: BreachAlarms.silentEdgeAction), page: PageRequest()).items
        #expect(events.count == 1)
        #expect(events.first?.target == "edge:\(edge)")
        #expect(events.first?.detail["device"] == .string(device.description))
        #expect(events.first?.detail["minutes"] == .number(20))
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self).contains(#"palisade_core_edge_result_silences_total{edge="sha256:EDGE"} 1"#))
        await storage.close()
    }
}

/// A clock a test moves by hand.
final class SettableClock: WallClock, Sendable {
    private let current: Mutex<Date>

    init(_ start: Date) { current = Mutex(start) }

    var now: Date { current.withLock { $0 } }

    func advance(by seconds: TimeInterval) { current.withLock { $0 += seconds } }
}
