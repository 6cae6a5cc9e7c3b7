import Foundation

/// The APNs stand-in's mutable state: device handlers, injected faults, dead tokens and the record of
/// every request. An actor so the responder (many streams at once) and the test driving the stand-in can
/// both touch it.
actor APNsStandInLedger {
    struct Fault: Sendable {
        var status: Int
        var reason: String
    }

    private(set) var pushes: [APNsStandInPush] = []
    private(set) var maxInFlight = 0
    private var inFlight = 0
    private var handlers: [[UInt8]: @Sendable (APNsStandInPush) async -> Void] = [:]
    private var topics: [[UInt8]: String] = [:]
    private var unregistered: [[UInt8]: Date] = [:]
    private var faults: [Fault] = []
    var responseDelay: Duration
    var rejectsUnknownTokens: Bool

    init(responseDelay: Duration, rejectsUnknownTokens: Bool) {
        self.responseDelay = responseDelay
        self.rejectsUnknownTokens = rejectsUnknownTokens
    }

    func begin() -> Duration {
        inFlight += 1
        maxInFlight = max(maxInFlight, inFlight)
        return responseDelay
    }

    func end() {
        inFlight -= 1
    }

    func setResponseDelay(_ delay: Duration) { responseDelay = delay }
    func setRejectsUnknownTokens(_ rejects: Bool) { rejectsUnknownTokens = rejects }

    func register(token: [UInt8], topic: String?, handler: @escaping @Sendable (APNsStandInPush) async -> Void) {
        handlers[token] = handler
        topics[token] = topic
        unregistered[token] = nil
    }

    func removeHandler(token: [UInt8]) {
        handlers[token] = nil
        topics[token] = nil
    }

    /// The topic the token was issued for, when the device registered one.
    func topic(of token: [UInt8]) -> String? { topics[token] }

    func markUnregistered(token: [UInt8], since: Date) { unregistered[token] = since }

    func failNext(_ count: Int, status: Int, reason: String) {
        faults += Array(repeating: Fault(status: status, reason: reason), count: max(count, 0))
    }

    func takeFault() -> Fault? {
        faults.isEmpty ? nil : faults.removeFirst()
    }

    /// When the token is dead: explicitly marked, or unknown while unknown tokens are refused.
    func unregisteredSince(token: [UInt8], now: Date) -> Date? {
        if let since = unregistered[token] { return since }
        if rejectsUnknownTokens, handlers[token] == nil { return now }
        return nil
    }

    /// Records the push and, if it was delivered, returns the device's handler to wake.
    func record(_ push: APNsStandInPush) -> (@Sendable (APNsStandInPush) async -> Void)? {
        pushes.append(push)
        guard push.wasDelivered, let token = push.token else { return nil }
        return handlers[token]
    }

    func reset() {
        pushes.removeAll()
        maxInFlight = inFlight
        faults.removeAll()
    }
}
