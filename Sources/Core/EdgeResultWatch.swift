import Foundation
import PalisadeCore

/// Decides, per edge, when devices' results have stopped coming back through it while the devices still check in:
/// what a breached edge that swallows results (to hide what it made devices do, or what it kept from them) looks
/// like from the core. Pure: it is told what happened and when, and answers whether to raise the alarm.
///
/// The signal is deliberately narrow, to stay quiet on a healthy fleet: a device that was handed a command through
/// the edge at least `threshold` ago checks in Idle through the same edge, and no result at all (from any device)
/// has come back through that edge since. A device that merely went offline sends no Idle; a busy edge whose results
/// flow is never alarmed. One silence raises one alarm; a result through the edge ends it.
///
/// Memory is bounded by the devices with an unanswered command per edge, at most the fleet.
struct EdgeResultWatch: Sendable {
    /// How long results may stay away before the alarm.
    let threshold: TimeInterval
    /// Per edge: device → when a command first went to it through the edge with no result from it since.
    private var unanswered: [String: [DeviceID: Date]] = [:]
    /// Per edge: when the last result came back through it.
    private var lastResult: [String: Date] = [:]
    /// Edges already alarmed for their current silence.
    private var alarmed: Set<String> = []

    init(threshold: TimeInterval) {
        self.threshold = threshold
    }

    /// One raised alarm: which edge, and the device whose check-in showed it.
    struct Silence: Sendable, Hashable {
        var edge: String
        var device: DeviceID
        /// When the device was first handed the command it never answered.
        var deliveredAt: Date
        /// When a result last came back through the edge, if ever.
        var lastResultAt: Date?
    }

    /// The core handed `device` a command through `edge`.
    mutating func delivered(to device: DeviceID, through edge: String, at date: Date) {
        if unanswered[edge, default: [:]][device] == nil { unanswered[edge, default: [:]][device] = date }
    }

    /// `device` answered a command the core had sent it, through `edge`.
    mutating func answered(by device: DeviceID, through edge: String, at date: Date) {
        // The answer may come through another edge than the command went out by: the device answered either way.
        for name in unanswered.keys { unanswered[name]?[device] = nil }
        lastResult[edge] = max(lastResult[edge] ?? date, date)
        alarmed.remove(edge)
    }

    /// `device` checked in Idle through `edge`; returns the alarm to raise, if this check-in shows a silence.
    mutating func idle(_ device: DeviceID, through edge: String, at date: Date) -> Silence? {
        guard let deliveredAt = unanswered[edge]?[device], date.timeIntervalSince(deliveredAt) >= threshold else { return nil }
        let last = lastResult[edge]
        // A result at the very instant of the delivery came in the same request that fetched the command: before it.
        if let last, last > deliveredAt { return nil }
        guard !alarmed.contains(edge) else { return nil }
        alarmed.insert(edge)
        return Silence(edge: edge, device: device, deliveredAt: deliveredAt, lastResultAt: last)
    }
}
